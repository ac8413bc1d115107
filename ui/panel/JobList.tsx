import { useSignal, useSignalEffect } from '@preact/signals';
import type { JobSnapshot, VariantState } from '../jobs/job-spec';
import type { PanelModel } from '../state/panel-model';
import { isRefineTool, TOOL_SPECS } from '../../shared/tools';
import { withoutDemoSuffix } from '../../shared/layer-name';

export function JobList({ model }: { model: PanelModel }) {
  const now = useSignal(Date.now());
  // Elapsed seconds tick only while something runs.
  useSignalEffect(() => {
    if (!model.running.value) return;
    const timer = setInterval(() => (now.value = Date.now()), 1000);
    return () => clearInterval(timer);
  });
  const jobs = model.jobs.value;
  if (jobs.length === 0) return null;
  return (
    <section class="jobs" aria-label="Progress" aria-live="polite">
      {jobs.map((job) => (
        <JobCard job={job} now={now.value} key={job.id} />
      ))}
    </section>
  );
}

function JobCard({ job, now }: { job: JobSnapshot; now: number }) {
  return (
    <article class={`job ${job.phase}`}>
      <header>
        <span class="job-prompt" title={job.spec.name ?? job.spec.prompt}>
          {jobTitle(job)}
        </span>
        <span class="job-model">{job.spec.model.split('/').pop()}</span>
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
          <li class={`variant ${variant.status}`} key={i}>
            <span class="dot" aria-hidden="true" />
            <span class="variant-index">{i + 1}</span>
            <span class="variant-text">{describe(variant, now)}</span>
          </li>
        ))}
      </ol>
    </article>
  );
}

function jobTitle(job: JobSnapshot): string {
  const { tool, name, prompt, resume } = job.spec;
  const what = withoutDemoSuffix(name ?? prompt) || '(no prompt)';
  if (resume) return `Finishing: ${what}`;
  if (tool === 'regenerate') return `Regenerate: ${what}`;
  if (isRefineTool(tool) && !what.includes(TOOL_SPECS[tool].label)) return `${TOOL_SPECS[tool].label}: ${what}`;
  return what;
}

export function describe(variant: VariantState, now: number): string {
  switch (variant.status) {
    case 'queued':
      return 'Queued';
    case 'running':
      return `Running ${Math.max(0, Math.round((now - variant.since) / 1000))} s`;
    case 'placed':
      return variant.note ? `Placed. ${variant.note}` : 'Placed';
    case 'failed':
      return `Failed: ${variant.reason}`;
    case 'canceled':
      return 'Canceled';
  }
}
