import { useEffect } from 'preact/hooks';
import { DEVICE_PRESETS, LANGUAGE_MODEL_CHOICES } from '../../shared/design/defaults';
import { CUSTOM_SIZE, MAX_LAYOUTS, SELECTED_FRAME, type DesignModel } from '../state/design-model';
import type { ReferenceOptions } from '../state/reference-options';

/** The Design tab: a prompt becomes an editable design (frames, auto layout, text, images). */
export function DesignForm({ model, imageModelLabel, references }: { model: DesignModel; imageModelLabel: string; references?: ReferenceOptions }) {
  const section = model.selectedSection.value;
  const frame = model.selectedFrame.value;
  const submit = () => model.design();
  useEffect(() => {
    void model.checkFileStyles().catch(() => undefined);
  }, [model]);
  return (
    <div class="design">
      {section && (
        <div class="row actions design-actions">
          <button type="button" class="secondary" onClick={() => void model.regenerateDesign(section.frameId)}>
            Regenerate design
          </button>
          <button type="button" class="secondary" onClick={() => void model.newImages(section.frameId)}>
            New images
          </button>
        </div>
      )}
      {section && section.path !== 'root' && (
        <form
          class="redesign"
          onSubmit={(e) => {
            e.preventDefault();
            void model.redesignSection();
          }}
        >
          <label>
            Redesign “{section.name}”
            <input
              placeholder="e.g. make it a 3-column grid, friendlier copy"
              value={model.instruction}
              onInput={(e) => (model.instruction.value = e.currentTarget.value)}
            />
          </label>
          <div class="row actions">
            <button type="submit" class="secondary">
              Redesign section
            </button>
            <span class="hint">The result goes into a copy beside the design.</span>
          </div>
        </form>
      )}
      <form
        class="generate"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label>
          Prompt
          <textarea
            rows={4}
            placeholder="Example: pricing page for a coffee subscription: hero with photo, three plan cards, FAQ, footer"
            value={model.prompt}
            onInput={(e) => (model.prompt.value = e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
                e.preventDefault();
                submit();
              }
            }}
          />
        </label>
        <div class="grid design-target">
          <label>
            Target
            <select value={model.effectiveTarget} onChange={(e) => (model.target.value = e.currentTarget.value)}>
              {frame && <option value={SELECTED_FRAME}>Selected frame ({Math.round(frame.width)}×{Math.round(frame.height)})</option>}
              {DEVICE_PRESETS.map((p) => (
                <option value={p.id} key={p.id}>
                  {p.label} {p.width}×{p.height}
                </option>
              ))}
              <option value={CUSTOM_SIZE}>Custom size…</option>
            </select>
          </label>
          <label>
            Layouts
            <input
              inputMode="numeric"
              aria-describedby="layouts-hint"
              value={model.layouts}
              onInput={(e) => (model.layouts.value = e.currentTarget.value)}
            />
          </label>
        </div>
        <p class="hint" id="layouts-hint">
          Layouts: 1–{MAX_LAYOUTS} alternatives, side by side.
        </p>
        {model.effectiveTarget.value === CUSTOM_SIZE && (
          <div class="grid two">
            <label>
              Width
              <input inputMode="numeric" value={model.customWidth} onInput={(e) => (model.customWidth.value = e.currentTarget.value)} />
            </label>
            <label>
              Height
              <input inputMode="numeric" value={model.customHeight} onInput={(e) => (model.customHeight.value = e.currentTarget.value)} />
            </label>
          </div>
        )}
        <label>
          Language model
          <input
            list="language-models"
            spellcheck={false}
            value={model.llm}
            onInput={(e) => (model.llm.value = e.currentTarget.value)}
          />
          <datalist id="language-models">
            {LANGUAGE_MODEL_CHOICES.map((m) => (
              <option value={m.id} key={m.id}>
                {m.label}
              </option>
            ))}
          </datalist>
        </label>
        <p class="hint">Images: {imageModelLabel} (the Generate tab’s model).</p>
        {references && references.limit.value > 0 && (
          <label class="check">
            <input type="checkbox" checked={references.designMatchFrame.value} onChange={(e) => (references.designMatchFrame.value = e.currentTarget.checked)} />
            Images match the design: send its frame as a reference
          </label>
        )}
        <label class="check">
          <input
            type="checkbox"
            checked={model.useFileStyles.value}
            onChange={(e) => model.chooseFileStyles(e.currentTarget.checked)}
          />
          Use this file’s styles
          {model.fileStyleCount.value !== undefined &&
            (model.fileStyleCount.value > 0 ? ` (${model.fileStyleCount.value} found: colours and text styles)` : ' (this file has none yet)')}
        </label>
        {model.problem.value && (
          <p class="problem" role="alert">
            {model.problem}
          </p>
        )}
        <div class="row actions">
          <button type="submit" class="primary">
            Design
          </button>
          <span class="hint shortcut">⌘/Ctrl + Enter</span>
        </div>
      </form>
      <DesignJobs model={model} />
    </div>
  );
}

const PHASES = {
  starting: 'Starting…',
  writing: 'Writing the layout…',
  images: 'Generating images…',
  done: 'Done',
  failed: 'Failed',
  canceled: 'Canceled',
} as const;

function DesignJobs({ model }: { model: DesignModel }) {
  if (model.designs.value.length === 0) return null;
  return (
    <ul class="jobs designs" aria-label="Designs">
      {model.designs.value.map((d) => {
        const active = d.phase === 'starting' || d.phase === 'writing' || d.phase === 'images';
        return (
          <li class={`job ${d.phase}`} key={d.id}>
            <div class="row">
              <strong class="job-title">{d.spec.redesign ? `Redesign: ${d.spec.redesign.instruction}` : d.spec.prompt}</strong>
              {active && (
                <button type="button" class="ghost" onClick={() => model.cancel(d.id)}>
                  Cancel
                </button>
              )}
            </div>
            <p class="hint" role="status">
              {PHASES[d.phase]} · {d.sections} {d.sections === 1 ? 'section' : 'sections'}
              {d.images.total > 0 && ` · images ${d.images.placed}/${d.images.total}${d.images.failed ? `, ${d.images.failed} failed` : ''}`}
            </p>
            {d.message && <p class="problem">{d.message}</p>}
            {d.notes.length > 0 && (
              <ul class="notes">
                {d.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}
