import { AXIS_KINDS, AXIS_LABELS, type AxisKind } from '../../shared/explore/axes';
import { AXIS_EXAMPLES, NO_AXIS, type AxisChoice, type ExploreForm as Explore } from '../state/explore-form';

const PLACEHOLDERS: Record<AxisKind, string> = {
  styles: 'One style a line, like “line art”',
  models: 'One model a line: owner/name or a preset’s name',
  palettes: 'One palette a line: “Warm: #e76f51 #f4a261”',
  seeds: '1, 2, 3 — or “4 random”',
};

/**
 * The Explore half of the Generate tab: the axes and variants under the prompt and model
 * above, what grid that makes, and (above eight images) the count to say yes to.
 */
export function ExploreForm({ explore, blocked }: { explore: Explore; blocked: boolean }) {
  const preview = explore.preview.value;
  const waiting = explore.confirming.value;
  const shownProblem = explore.problem.value || ('problem' in preview ? preview.problem : '');
  return (
    <div class="explore">
      <AxisField explore={explore} which="across" label="Across" />
      <AxisField explore={explore} which="down" label="Down" />
      <div class="grid two">
        <label>
          Variants per cell
          <input inputMode="numeric" autoComplete="off" value={explore.variants.value} onInput={(e) => (explore.variants.value = e.currentTarget.value)} />
        </label>
        <label>
          First seed
          <input inputMode="numeric" autoComplete="off" placeholder="Random" value={explore.seed.value} onInput={(e) => (explore.seed.value = e.currentTarget.value)} />
        </label>
      </div>
      {'cells' in preview && !shownProblem && <p class="hint" id="explore-summary">{summary(preview.columns.length, preview.rows.length, preview.variants, preview.cells.length)}</p>}
      {shownProblem && (
        <p class="problem" id="explore-problem" role="alert">
          {shownProblem}
        </p>
      )}
      {waiting ? (
        <section class="confirm" role="alertdialog" aria-labelledby="explore-confirm-text">
          <p id="explore-confirm-text">
            This makes {waiting.count} images, each a prediction billed to your Replicate account: {waiting.estimate.text}.
            {waiting.overBudget && ' That is above your budget per run.'} Run all {waiting.count}?
          </p>
          <div class="row">
            <button type="button" class="primary" onClick={() => explore.confirm(true)}>
              Run {waiting.count} images
            </button>
            <button type="button" class="secondary" onClick={() => explore.confirm(false)}>
              Back
            </button>
          </div>
        </section>
      ) : (
        <div class="row actions">
          <button type="button" class="primary" disabled={blocked} onClick={() => explore.explore()}>
            Explore
          </button>
        </div>
      )}
    </div>
  );
}

function AxisField({ explore, which, label }: { explore: Explore; which: 'across' | 'down'; label: string }) {
  const kind: AxisChoice = which === 'across' ? explore.across.value : explore.down.value;
  const text = which === 'across' ? explore.acrossText : explore.downText;
  return (
    <>
      <label>
        {label}
        <select value={kind} onChange={(e) => explore.chooseAxis(which, e.currentTarget.value as AxisChoice)}>
          {which === 'down' && <option value={NO_AXIS}>Nothing (one row)</option>}
          {AXIS_KINDS.map((k) => (
            <option value={k} key={k}>
              {AXIS_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      {kind !== NO_AXIS && (
        <label>
          {`${label}: ${AXIS_LABELS[kind]}`}
          <textarea rows={3} spellcheck={false} placeholder={PLACEHOLDERS[kind]} value={text.value} onInput={(e) => (text.value = e.currentTarget.value)} />
        </label>
      )}
      {kind === 'styles' && text.value !== AXIS_EXAMPLES.styles && (
        <button type="button" class="ghost small starter" onClick={() => (text.value = AXIS_EXAMPLES.styles)}>
          Use the logo starter styles
        </button>
      )}
    </>
  );
}

function summary(columns: number, rows: number, variants: number, images: number): string {
  const grid = rows > 0 ? `${columns} × ${rows} grid` : `${columns} ${columns === 1 ? 'cell' : 'cells'} in a row`;
  const each = variants > 1 ? `, ${variants} images a cell` : '';
  return `${grid}${each}: ${images} ${images === 1 ? 'image' : 'images'}, in a new section on the canvas.`;
}
