import { TOOL_SPECS, REFINE_TOOLS, toolModels } from '../../shared/tools';
import { presetOf } from '../../shared/models/catalogue';
import type { PanelModel } from '../state/panel-model';
import { FieldProblem, invalidProps } from './FieldProblem';

const EXPAND_CHOICES = ['16:9', '4:3', '3:2', '1:1', '2:3', '3:4', '9:16'];

export function RefineForm({ model }: { model: PanelModel }) {
  const spec = TOOL_SPECS[model.tool.value];
  const selection = model.selection.value;
  const source = selection[0];
  const sourceIsFrame = source?.type === 'FRAME' && !source.hasImage;
  // Mirrors refineSpec: a generated layer, nothing typed → its own recipe, new seeds.
  const varyByRecipe =
    model.tool.value === 'vary' &&
    selection.length > 0 &&
    selection.every((node) => !!node.recipe?.model && !node.recipe.input.image) &&
    !model.refinePrompt.value.trim();
  return (
    <form
      class="refine"
      onSubmit={(event) => {
        event.preventDefault();
        model.refine();
      }}
    >
      <p class="hint source" aria-live="polite">
        {selection.length === 0
          ? 'Select an image, a sketch or a frame on the canvas.'
          : selection.length === 1
            ? `Source: ${source.name} (${Math.round(source.width)}×${Math.round(source.height)})`
            : spec.selects === 'each'
              ? `${selection.length} layers selected: ${spec.label} runs on each`
              : `${selection.length} layers selected`}
      </p>
      <label>
        Tool
        <select value={model.tool} onChange={(e) => model.chooseTool(e.currentTarget.value as typeof model.tool.value)}>
          {REFINE_TOOLS.map((id) => (
            <option value={id} key={id}>
              {TOOL_SPECS[id].label}
            </option>
          ))}
        </select>
      </label>
      {toolModels(model.tool.value).length > 1 && !varyByRecipe && (
        <label>
          Model
          <select value={model.refineModel} onChange={(e) => (model.refineModel.value = e.currentTarget.value)}>
            {toolModels(model.tool.value).map((id, i) => (
              <option value={id} key={id}>
                {presetOf(id)?.label ?? id}
                {i === 0 ? ' (default)' : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      <p class="hint">
        {varyByRecipe ? 'Runs this layer’s own recipe with new seeds. Type a prompt to vary the image itself instead.' : spec.hint}
      </p>

      {spec.prompt !== 'none' && (
        <label>
          {spec.promptLabel}
          <textarea
            rows={3}
            placeholder={
              spec.prompt === 'optional' ? 'Optional: the layer’s own prompt is used when empty' : spec.promptLabel === 'Instruction' ? 'Make it night' : 'What to paint'
            }
            value={model.refinePrompt}
            onInput={(e) => (model.refinePrompt.value = e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
                e.preventDefault();
                model.refine();
              }
            }}
          />
        </label>
      )}

      <div class="grid two">
        {spec.strength !== undefined && !varyByRecipe && (
          <label>
            Strength {Math.round(model.strength.value * 100)}%
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              aria-label="Strength"
              value={model.strength}
              onInput={(e) => (model.strength.value = Number(e.currentTarget.value))}
            />
          </label>
        )}
        {spec.count > 1 && (
          <label>
            Variants
            <input
              inputMode="numeric"
              autoComplete="off"
              value={model.refineCount}
              {...invalidProps('refine-variants-problem', model.refineCountProblem.value)}
              onInput={(e) => (model.refineCount.value = e.currentTarget.value)}
            />
          </label>
        )}
        {model.tool.value === 'expand' && (
          <label>
            Expand to
            <select value={model.expandTo} onChange={(e) => (model.expandTo.value = e.currentTarget.value)}>
              {EXPAND_CHOICES.map((r) => (
                <option value={r} key={r}>
                  {r}
                </option>
              ))}
              {sourceIsFrame && <option value="frame">Fill the frame</option>}
            </select>
          </label>
        )}
        {model.tool.value === 'upscale' && (
          <label>
            Scale
            <select value={String(model.upscaleScale.value)} onChange={(e) => (model.upscaleScale.value = Number(e.currentTarget.value))}>
              <option value="2">2×</option>
              <option value="4">4×</option>
            </select>
          </label>
        )}
      </div>

      {spec.needsMask && (
        <label class="check">
          <input
            type="checkbox"
            checked={model.deleteMask.value}
            onChange={(e) => (model.deleteMask.value = e.currentTarget.checked)}
          />
          Delete the mask shape after inpainting
        </label>
      )}

      {spec.count > 1 && <FieldProblem id="refine-variants-problem" problem={model.refineCountProblem.value} />}
      {model.accessProblem.value && (
        <p class="problem" id="refine-blocked" role="alert">
          {model.accessProblem}
        </p>
      )}
      {model.refineProblem.value && (
        <p class="problem" role="alert">
          {model.refineProblem}
        </p>
      )}
      <div class="row actions">
        <button
          type="submit"
          class="primary"
          disabled={!!model.accessProblem.value || (spec.count > 1 && !!model.refineCountProblem.value)}
          aria-describedby={model.accessProblem.value ? 'refine-blocked' : spec.count > 1 && model.refineCountProblem.value ? 'refine-variants-problem' : undefined}
        >
          {spec.label}
        </button>
        {source?.recipe?.parentId && selection.length === 1 && (
          <button type="button" class="ghost" onClick={() => void model.showLineage()}>
            Show lineage
          </button>
        )}
      </div>
      {model.submitNotice.value && (
        <p class="notice" role="status">
          {model.submitNotice}
        </p>
      )}
    </form>
  );
}
