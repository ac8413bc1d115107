import { Component } from 'preact';
import { useSignal, useSignalEffect } from '@preact/signals';
import type { JobSnapshot, VariantState } from '../jobs/job-spec';
import type { PanelModel } from '../state/panel-model';
import { isActive } from '../state/job-list';
import { isRefineTool, TOOL_SPECS } from '../../shared/tools';
import { withoutDemoSuffix } from '../../shared/layer-name';
import { formatUsd } from '../../shared/models/prices';

type JobListModel = Pick<PanelModel, 'jobList'>;

export function JobList({ model }: { model: JobListModel }) {
  const list = model.jobList;
  const now = useSignal(Date.now());
  // Elapsed seconds tick only while something runs.
  useSignalEffect(() => {
    if (!list.running.value) return;
    const timer = setInterval(() => (now.value = Date.now()), 1000);
    return () => clearInterval(timer);
  });
  const jobs = list.jobs.value;
  if (jobs.length === 0) return null;
  return (
    <section class="jobs" aria-label="Progress">
      {list.finished.value > 0 && (
        <div class="jobs-bar">
          <button type="button" class="ghost" onClick={() => list.clearFinished()}>
            Clear finished
          </button>
        </div>
      )}
      <div class="jobs-scroll" aria-live="polite">
        {jobs.map((job) => (
          <JobCard job={job} now={now.value} list={list} key={job.id} />
        ))}
      </div>
    </section>
  );
}

function JobCard({ job, now, list }: { job: JobSnapshot; now: number; list: PanelModel['jobList'] }) {
  const title = jobTitle(job);
  return (
    <article
      class={`job ${job.phase}`}
      aria-label={title}
      onClick={(event) => {
        // The card selects its layers; its own buttons do their own thing.
        if (!(event.target as Element).closest('button')) void list.select(job.id);
      }}
    >
      <header>
        <button type="button" class="job-prompt" title={`${title}: select its layers on the canvas`} onClick={() => void list.select(job.id)}>
          {title}
        </button>
        <span class="job-model">{job.spec.model.split('/').pop()}</span>
        {isActive(job) && (
          <button type="button" class="secondary small" aria-label={`Cancel ${title}`} onClick={() => list.cancel(job.id)}>
            Cancel
          </button>
        )}
      </header>
      {job.message &&
        (job.phase === 'failed' ? (
          <p class="problem" role="alert">
            {job.message}
          </p>
        ) : (
          <p class="note">{job.message}</p>
        ))}
      <ol class="variants">
        {job.variants.map((variant, i) => (
          <VariantRow variant={variant} index={i} text={describe(variant, now, job.message)} list={list} key={i} />
        ))}
      </ol>
      {!isActive(job) && (job.cost !== undefined || job.costUnknown) && (
        <p class="hint job-cost">
          {job.cost === undefined ? 'Cost: price unknown' : `Cost: ${formatUsd(job.cost)}${job.costUnknown ? ' + runs of unknown price' : ''}`}
        </p>
      )}
    </article>
  );
}

interface VariantRowProps {
  variant: VariantState;
  index: number;
  text: string;
  list: PanelModel['jobList'];
}

/**
 * One result's row. An Explore grid's card has 48, and each cell reports on its own: only the
 * row whose state or words changed is drawn again (redrawing every row on every report was
 * most of the panel's time in a 48-image run: BENCHMARKS.md).
 */
class VariantRow extends Component<VariantRowProps> {
  override shouldComponentUpdate(next: VariantRowProps): boolean {
    return next.variant !== this.props.variant || next.text !== this.props.text || next.index !== this.props.index || next.list !== this.props.list;
  }

  override render({ variant, index, text, list }: VariantRowProps) {
    return (
      <li class={`variant ${variant.status}`}>
        {variant.status === 'placed' && variant.thumbnail ? (
          <button type="button" class="thumb" aria-label={`Select variant ${index + 1} on the canvas`} onClick={() => void list.selectNodes([variant.nodeId])}>
            <img src={variant.thumbnail} alt="" />
          </button>
        ) : (
          <span class="dot" aria-hidden="true" />
        )}
        <span class="variant-index">{index + 1}</span>
        <span class="variant-text">{text}</span>
      </li>
    );
  }
}

function jobTitle(job: JobSnapshot): string {
  const { tool, name, prompt, resume } = job.spec;
  const what = withoutDemoSuffix(name ?? prompt) || '(no prompt)';
  if (resume) return `Finishing: ${what}`;
  if (tool === 'regenerate') return `Regenerate: ${what}`;
  if (isRefineTool(tool)) return `${TOOL_SPECS[tool].label}: ${what}`;
  return what;
}

/** `jobMessage`: the card already says it, so a row failed for that same reason does not repeat it. */
export function describe(variant: VariantState, now: number, jobMessage?: string): string {
  switch (variant.status) {
    case 'queued':
      return 'Queued';
    case 'running':
      return `Running ${Math.max(0, Math.round((now - variant.since) / 1000))} s`;
    case 'placed':
      return variant.note ? `Placed. ${variant.note}` : 'Placed';
    case 'failed':
      return variant.reason === jobMessage ? 'Failed' : `Failed: ${variant.reason}`;
    case 'canceled':
      return 'Canceled';
  }
}
