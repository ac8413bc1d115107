import { PRESETS } from '../../shared/models/catalogue';
import { MAX_VARIANTS } from '../jobs/job-spec';
import { MATCH_SELECTION, OTHER_MODEL, type PanelModel } from '../state/panel-model';

export function GenerateForm({ model }: { model: PanelModel }) {
  const matching = model.ratio.value === MATCH_SELECTION;
  const targets = model.fillable.value.length;
  // Another run may start while one is going: each is its own job with its own placeholders.
  const submit = () => model.generate();
  return (
    <form
      class="generate"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label>
        Prompt
        <textarea
          rows={4}
          placeholder="A calm product shot of a ceramic mug on linen, soft morning light"
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

      <label>
        Model
        <select
          value={model.modelChoice}
          onChange={(e) => {
            model.modelChoice.value = e.currentTarget.value;
            void model.refreshModel();
          }}
        >
          {PRESETS.map((p) => (
            <option value={p.id} key={p.id}>
              {p.label} · {p.blurb}
            </option>
          ))}
          <option value={OTHER_MODEL}>Other model…</option>
        </select>
      </label>
      {model.modelChoice.value === OTHER_MODEL && (
        <label>
          Model name (owner/name)
          <input
            spellcheck={false}
            placeholder="owner/name"
            value={model.customModel}
            onInput={(e) => (model.customModel.value = e.currentTarget.value)}
            onBlur={() => void model.refreshModel()}
          />
        </label>
      )}
      {model.modelProblem.value && (
        <p class="problem" role="alert">
          {model.modelProblem}
        </p>
      )}

      <div class="grid">
        <label>
          Aspect ratio
          <select value={model.ratio} onChange={(e) => (model.ratio.value = e.currentTarget.value)}>
            {model.modelRatios.value.map((r) => (
              <option value={r} key={r}>
                {r}
              </option>
            ))}
            <option value={MATCH_SELECTION}>Match selection</option>
          </select>
        </label>
        <label>
          Variants
          <input
            type="number"
            min={1}
            max={MAX_VARIANTS}
            disabled={matching}
            value={matching ? targets || 1 : model.count}
            onInput={(e) => {
              const n = Number(e.currentTarget.value);
              if (Number.isFinite(n)) model.count.value = Math.max(1, Math.min(MAX_VARIANTS, Math.round(n)));
            }}
          />
        </label>
        <label>
          Seed
          <input
            inputMode="numeric"
            placeholder="Random"
            value={model.seed}
            onInput={(e) => (model.seed.value = e.currentTarget.value.replace(/[^\d]/g, ''))}
          />
        </label>
      </div>
      {matching && (
        <p class="hint">
          {targets
            ? `Fills the ${targets} selected ${targets === 1 ? 'layer' : 'layers'} in place (layers holding an image get a new one beside them).`
            : 'Select frames or shapes to fill.'}
        </p>
      )}

      <div class="row actions">
        <button type="submit" class="primary">
          Generate
        </button>
        <span class="hint shortcut">⌘/Ctrl + Enter</span>
      </div>
    </form>
  );
}
