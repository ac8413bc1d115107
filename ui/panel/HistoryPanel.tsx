import { useEffect } from 'preact/hooks';
import type { HistoryEntry } from '../../shared/history';
import { formatUsd, priceOf } from '../../shared/models/prices';
import { PRESETS } from '../../shared/models/catalogue';
import { isRefineTool, TOOL_SPECS } from '../../shared/tools';
import type { HistoryModel } from '../state/history-model';
import { HISTORY_PAGE } from '../state/history-model';
import type { CostModel } from '../state/cost-model';
import type { TrainingModel } from '../state/training-model';
import type { TrainedStyle } from '../../shared/training/style';
import { TrainStyle } from './TrainStyle';

/** The History tab: what was generated in this file (and by this person anywhere), found again. */
export function HistoryPanel({ history, cost, training }: { history: HistoryModel; cost: CostModel; training?: TrainingModel }) {
  useEffect(() => {
    void history.refresh();
  }, [history]);
  const inFile = history.scope.value === 'file';
  const rows = history.shown.value;
  const total = history.source.value.length;
  return (
    <section class="history" aria-label="History">
      <div class="history-scope" role="group" aria-label="Which runs">
        <button type="button" class={inFile ? 'tab active' : 'tab'} aria-pressed={inFile} onClick={() => (history.scope.value = 'file')}>
          This file
        </button>
        <button type="button" class={inFile ? 'tab' : 'tab active'} aria-pressed={!inFile} onClick={() => (history.scope.value = 'recent')}>
          My recent runs
        </button>
      </div>
      <input
        type="search"
        aria-label="Search prompts"
        placeholder="Search prompts"
        value={history.query}
        onInput={(e) => {
          history.query.value = e.currentTarget.value;
          history.limit.value = HISTORY_PAGE;
        }}
      />
      <div class="history-filters">
        <select aria-label="Model" value={history.model} onChange={(e) => (history.model.value = e.currentTarget.value)}>
          <option value="">All models</option>
          {history.models.value.map((m) => (
            <option value={m} key={m}>
              {history.styles.value.find((st) => st.model === m.split(':')[0])?.label ?? modelLabel(m)}
            </option>
          ))}
        </select>
        <select aria-label="Tool" value={history.tool} onChange={(e) => (history.tool.value = e.currentTarget.value)}>
          <option value="">All tools</option>
          {history.tools.value.map((t) => (
            <option value={t} key={t}>
              {toolLabel(t)}
            </option>
          ))}
        </select>
        <label class="check">
          <input type="checkbox" checked={history.pickedOnly.value} onChange={(e) => (history.pickedOnly.value = e.currentTarget.checked)} />
          Picked only
        </label>
      </div>
      {training && <TrainFromHistory history={history} training={training} />}
      <p class="hint history-spent">
        Spent {cost.sessionText.value} this session · {formatUsd(history.fileSpent.value)} in this file
      </p>
      {history.problem.value && (
        <p class="problem" role="alert">
          {history.problem}
        </p>
      )}
      {history.loaded.value && rows.length === 0 && (
        <p class="hint">
          {total === 0
            ? inFile
              ? 'Nothing generated in this file yet. Results you generate are listed here.'
              : 'No runs yet.'
            : 'No run matches the search and filters.'}
        </p>
      )}
      {history.lineageNote.value && (
        <p class="hint history-lineage-note" role="status">
          {history.lineageNote}
        </p>
      )}
      <ul class="history-list" aria-label={inFile ? 'Generations in this file' : 'Your recent runs'}>
        {rows.slice(0, history.limit.value).map((entry) => (
          <HistoryRow entry={entry} history={history} inFile={inFile} key={`${entry.nodeId}-${entry.createdAt}`} />
        ))}
      </ul>
      {rows.length > history.limit.value && (
        <button type="button" class="ghost" onClick={() => (history.limit.value += HISTORY_PAGE)}>
          Show more ({rows.length - history.limit.value} left)
        </button>
      )}
    </section>
  );
}

/**
 * The History way into "Train a style": with "Picked only" on, the picks in view. Opens the
 * same form and flow as the Refine tab's picks, here, on these layers.
 */
function TrainFromHistory({ history, training }: { history: HistoryModel; training: TrainingModel }) {
  const ids = history.picksShown.value;
  // It belongs to the "Picked only" view: unticked, the list gets the room back (the training's
  // card stays in the Refine tab).
  const opened = training.chosen.value !== undefined && history.pickedOnly.value;
  return (
    <>
      {ids.length > 0 && !(opened && training.open.value) && (
        <button type="button" class="secondary small history-train" data-testid="history-train-from-picks" onClick={() => training.openForm(ids)}>
          Train a style from these {ids.length} {ids.length === 1 ? 'pick' : 'picks'}…
        </button>
      )}
      {opened && <TrainStyle model={training} picks={ids.length} from="history" />}
    </>
  );
}

/** One line under a row: which style made it, and which styles it helped train. */
function Lineage({ entry, history, inFile }: { entry: HistoryEntry; history: HistoryModel; inFile: boolean }) {
  const style = history.styleOf(entry);
  const trained = history.trainedBy(entry);
  if (!style && trained.length === 0) return null;
  const picks = style?.pickIds.length ?? 0;
  return (
    <p class="history-lineage" data-testid="history-lineage">
      {style && (
        <span data-testid="history-style" title={`Made with ${style.label}, a style you trained (${style.model})`}>
          Your style
          {picks > 0 && ' · '}
          {picks > 0 &&
            (inFile ? (
              <button
                type="button"
                class="link"
                data-testid="history-show-picks"
                title="Select those layers on the canvas"
                onClick={() => void history.showPicks(style)}
              >
                Trained from {picks} {picks === 1 ? 'pick' : 'picks'}
              </button>
            ) : (
              `trained from ${picks} ${picks === 1 ? 'pick' : 'picks'}`
            ))}
        </span>
      )}
      {style && trained.length > 0 && ' · '}
      {trained.length > 0 && <span data-testid="history-trained">Trained {trained.map((t: TrainedStyle) => t.label).join(', ')}</span>}
    </p>
  );
}

function HistoryRow({ entry, history, inFile }: { entry: HistoryEntry; history: HistoryModel; inFile: boolean }) {
  useEffect(() => {
    if (inFile) void history.thumbnail(entry);
  }, [entry.nodeId, inFile]);
  const thumb = history.thumbnails.value[entry.nodeId];
  const elsewhere = inFile && entry.pageId !== history.currentPageId.value ? history.pages.value[entry.pageId] : undefined;
  const prompt = entry.prompt || '(no prompt)';
  const style = history.styleOf(entry);
  const meta = [
    style ? style.label : modelLabel(entry.model),
    entry.tool !== 'generate' ? toolLabel(entry.tool) : undefined,
    entry.seed !== undefined ? `seed ${entry.seed}` : undefined,
    when(entry.createdAt),
    costText(entry),
    elsewhere ? `on ${elsewhere}` : undefined,
    !inFile && entry.file ? `in ${entry.file}` : undefined,
  ].filter(Boolean);
  const body = (
    <>
      {thumb ? <img class="history-thumb" src={thumb} alt="" /> : <span class="history-thumb empty" aria-hidden="true" />}
      <span class="history-text">
        <span class="history-prompt">
          {entry.picked && <span title="Picked">★ </span>}
          {prompt}
        </span>
        <span class="history-meta">{meta.join(' · ')}</span>
      </span>
    </>
  );
  return (
    <li class="history-row">
      {inFile ? (
        <button type="button" class="history-open" title="Select it on the canvas" aria-label={`Select “${prompt}” on the canvas`} onClick={() => void history.select(entry)}>
          {body}
        </button>
      ) : (
        <div class="history-open">{body}</div>
      )}
      <Lineage entry={entry} history={history} inFile={inFile} />
      <div class="history-actions">
        <button type="button" class="secondary small" aria-label={`Reuse “${prompt}”`} onClick={() => history.reuse(entry)}>
          Reuse
        </button>
        {inFile && (
          <button type="button" class="secondary small" aria-label={`Refine “${prompt}”`} onClick={() => history.refine(entry)}>
            Refine
          </button>
        )}
      </div>
    </li>
  );
}

function modelLabel(id: string): string {
  return PRESETS.find((p) => p.id === id)?.label ?? id.split('/').pop() ?? id;
}

function toolLabel(tool: string): string {
  if (tool === 'generate') return 'Generate';
  if (tool === 'regenerate') return 'Regenerate';
  return isRefineTool(tool) ? TOOL_SPECS[tool].label : tool;
}

function costText(entry: HistoryEntry): string {
  if (entry.cost !== undefined) return formatUsd(entry.cost);
  return priceOf(entry.model) ? 'cost not recorded' : 'price unknown';
}

function when(ms: number): string {
  const minutes = Math.round((Date.now() - ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 24 * 60) return `${Math.round(minutes / 60)} h ago`;
  return new Date(ms).toLocaleDateString();
}
