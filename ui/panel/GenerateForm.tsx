import { useRef } from 'preact/hooks';
import { fallbackAdvice, formatModelRef, parseModelRef, PRESETS } from '../../shared/models/catalogue';
import { MATCH_SELECTION, OTHER_MODEL, type PanelModel } from '../state/panel-model';
import type { GenerateField } from '../state/generate-form';
import { FieldProblem, invalidProps } from './FieldProblem';
import { readVariants } from '../state/form-checks';
import { ExploreForm } from './ExploreForm';
import { styleModelId } from '../../shared/training/style';
import { describeEstimate } from '../state/cost-model';
import { ReferenceOptions } from './ReferenceOptions';

const FIELDS: GenerateField[] = ['prompt', 'model', 'variants', 'seed'];
const problemId = (field: GenerateField) => `generate-${field}-problem`;

export function GenerateForm({ model }: { model: PanelModel }) {
  const matching = model.ratio.value === MATCH_SELECTION;
  const targets = model.fillable.value.length;
  const shown = model.form.shownProblems.value;
  // With Settings open, the relay's problem is said there in full.
  const relayDown = model.relay.value?.reachable === false;
  const blocker = relayDown && model.settingsOpen.value ? 'Generate waits for the relay: see Settings above.' : model.accessProblem.value;
  const fields = useRef<Partial<Record<GenerateField, HTMLElement | null>>>({});
  const typedModel = model.customModel.value.trim();
  const typedRef = parseModelRef(typedModel);
  const understoodAs = typedRef && formatModelRef(typedRef) !== typedModel ? formatModelRef(typedRef) : undefined;
  const modelProblem = shown.model ?? (model.modelProblem.value || undefined);
  const fallback = model.modelChoice.value === OTHER_MODEL ? undefined : fallbackAdvice(model.modelChoice.value);
  const seedUnused = model.form.seedRule.value.kind === 'none' && !!model.seed.value.trim();
  // Another run may start while one is going: each is its own job with its own placeholders.
  const exploring = model.explore.on.value;
  const submit = async () => {
    if (exploring) return model.explore.explore();
    await model.generate();
    // A press that found problems takes the person to the first one.
    const first = FIELDS.find((field) => model.form.shownProblems.value[field]);
    if (first) fields.current[first]?.focus();
  };
  const blockedBy = [
    ...FIELDS.filter((field) => (field === 'model' ? modelProblem : shown[field])).map(problemId),
    blocker ? 'generate-blocked' : undefined,
    model.matchProblem.value ? 'generate-too-many' : undefined,
  ].filter(Boolean);
  return (
    <form
      class="generate"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      noValidate
    >
      <div class="row mode-switch" role="group" aria-label="How many runs">
        <button type="button" class={exploring ? 'secondary small' : 'primary small'} aria-pressed={!exploring} onClick={() => (model.explore.on.value = false)}>
          Single run
        </button>
        <button type="button" class={exploring ? 'primary small' : 'secondary small'} aria-pressed={exploring} onClick={() => (model.explore.on.value = true)}>
          Explore grid
        </button>
        {exploring && <span class="hint">A labelled grid over styles, models, palettes or seeds</span>}
      </div>
      <label>
        Prompt
        <textarea
          rows={4}
          ref={(el) => void (fields.current.prompt = el)}
          placeholder="Describe the image. For example: a ceramic mug on linen, soft morning light"
          value={model.prompt}
          {...invalidProps(problemId('prompt'), shown.prompt)}
          onInput={(e) => (model.prompt.value = e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
              e.preventDefault();
              void submit();
            }
          }}
        />
      </label>
      <FieldProblem id={problemId('prompt')} problem={shown.prompt} />

      <label>
        Model
        <select
          value={model.modelChoice}
          {...(model.modelChoice.value === OTHER_MODEL ? {} : invalidProps(problemId('model'), modelProblem))}
          onChange={(e) => {
            model.modelChoice.value = e.currentTarget.value;
            void model.refreshModel();
          }}
        >
          {PRESETS.filter((p) => p.group === 'Current').map((p) => (
            <option value={p.id} key={p.id}>
              {p.label} · {p.blurb}
            </option>
          ))}
          <optgroup label="Older">
            {PRESETS.filter((p) => p.group === 'Older').map((p) => (
              <option value={p.id} key={p.id}>
                {p.label} · {p.blurb}
              </option>
            ))}
          </optgroup>
          {model.training.styles.value.length > 0 && (
            <optgroup label="Your styles">
              {model.training.styles.value.map((style) => (
                <option value={styleModelId(style)} key={style.model}>
                  {style.label} · trigger {style.trigger}
                </option>
              ))}
            </optgroup>
          )}
          <option value={OTHER_MODEL}>Other model…</option>
        </select>
      </label>
      {model.modelChoice.value === OTHER_MODEL && (
        <label>
          Model name (owner/name)
          <input
            spellcheck={false}
            ref={(el) => void (fields.current.model = el)}
            placeholder="owner/name, or a replicate.com model link"
            value={model.customModel}
            {...invalidProps(problemId('model'), modelProblem, understoodAs ? 'generate-model-understood' : undefined)}
            onInput={(e) => (model.customModel.value = e.currentTarget.value)}
            onBlur={() => void model.refreshModel()}
          />
        </label>
      )}
      {understoodAs && !modelProblem && (
        <span class="hint" id="generate-model-understood">
          Understood as {understoodAs}
        </span>
      )}
      <FieldProblem id={problemId('model')} problem={modelProblem} />
      {modelProblem && fallback && (
        <p class="hint" id="generate-model-fallback">
          {fallback.message}{' '}
          <button
            type="button"
            onClick={() => {
              model.modelChoice.value = fallback.fallback.id;
              void model.refreshModel();
            }}
          >
            Use {fallback.fallback.label}
          </button>
        </p>
      )}
      {model.transparentOffered.value && (
        <label class="check">
          <input
            type="checkbox"
            checked={model.transparent.value}
            onChange={(e) => (model.transparent.value = e.currentTarget.checked)}
          />
          Transparent background (PNG)
        </label>
      )}

      {exploring && (
        <>
          <label>
            Aspect ratio
            <select value={model.ratio} onChange={(e) => (model.ratio.value = e.currentTarget.value)}>
              {model.modelRatios.value.map((r) => (
                <option value={r} key={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <ExploreForm explore={model.explore} blocked={!!blocker} />
          {blocker && (
            <p class="problem" role="alert">
              {blocker}
            </p>
          )}
        </>
      )}
      {!exploring && (<>
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
          {/* Text, not type=number: what is typed stays as typed (empty too) and is checked on Generate. */}
          <input
            inputMode="numeric"
            autoComplete="off"
            ref={(el) => void (fields.current.variants = el)}
            value={model.variants.value}
            {...invalidProps(problemId('variants'), shown.variants)}
            onInput={(e) => (model.variants.value = e.currentTarget.value)}
          />
        </label>
        <label>
          Seed
          <input
            inputMode="numeric"
            autoComplete="off"
            ref={(el) => void (fields.current.seed = el)}
            placeholder="Random"
            value={model.seed}
            {...invalidProps(problemId('seed'), shown.seed, seedUnused ? 'generate-seed-unused' : undefined)}
            onInput={(e) => (model.seed.value = e.currentTarget.value)}
          />
        </label>
      </div>
      {/* The grid's columns are narrow: their messages take the full width below them. */}
      <FieldProblem id={problemId('variants')} problem={shown.variants} />
      <FieldProblem id={problemId('seed')} problem={shown.seed} />
      {seedUnused && (
        <p class="hint" id="generate-seed-unused">
          This model takes no seed, so the one typed here is not used.
        </p>
      )}
      <ReferenceOptions options={model.references} matching={matching} />
      {matching &&
        (model.matchProblem.value ? (
          <p class="problem" id="generate-too-many" role="alert">
            {model.matchProblem}
          </p>
        ) : (
          <p class="hint">
            {targets ? matchHint(targets, readVariants(model.variants.value).value ?? 1) : 'Select frames or shapes to fill.'}
          </p>
        ))}

      {blocker && (
        <p class="problem" id="generate-blocked" role="alert">
          {blocker}
        </p>
      )}
      <div class="row actions">
        <button
          type="submit"
          class="primary"
          disabled={blockedBy.length > 0}
          {...(blockedBy.length ? { 'aria-describedby': blockedBy.join(' ') } : {})}
        >
          Generate
        </button>
        <span class="hint shortcut">⌘/Ctrl + Enter</span>
        <span class="hint estimate" title="Estimated cost of this run (variants × the model’s price per image)">
          {describeEstimate(model.modelId.value, (readVariants(model.variants.value).value ?? 1) * (matching ? Math.max(1, targets) : 1)).text}
        </span>
      </div>
      </>)}
      {model.submitNotice.value && (
        <p class="notice" role="status">
          {model.submitNotice}
        </p>
      )}
    </form>
  );
}

/** Says where each variant goes, and how many images that makes: each one is paid for. */
function matchHint(layers: number, variants: number): string {
  const selected = `the ${layers} selected ${layers === 1 ? 'layer' : 'layers'}`;
  const held = 'a layer that already holds an image gets all its variants beside it';
  if (variants <= 1) return `Fills ${selected} in place (${held}).`;
  const others = variants === 2 ? 'the second variant of each goes' : `the other ${variants - 1} variants of each go`;
  return `Fills ${selected} in place; ${others} beside it at its size (${held}). ${layers * variants} images in all.`;
}
