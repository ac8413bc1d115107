import { useEffect } from 'preact/hooks';
import type { LogoModel } from '../state/logo-model';

/**
 * The Logo section of the Refine tab: the file's brand kit, the instant vector tools
 * (no model), lockups, the logo sheet, and picks.
 */
export function LogoTools({ model }: { model: LogoModel }) {
  useEffect(() => {
    void model.loadKit();
  }, [model]);
  const busy = model.busy.value;
  return (
    <section class="logo-tools" aria-labelledby="logo-tools-title">
      <h2 id="logo-tools-title">Logo</h2>

      <details
        class="brand-kit"
        open={model.kitOpen.value}
        onToggle={(e) => (model.kitOpen.value = (e.currentTarget as HTMLDetailsElement).open)}
      >
        <summary>
          Brand kit
          {model.kit.value.colors.map((c) => (
            <span class="swatch" key={c} style={{ background: c }} title={c} />
          ))}
        </summary>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void model.saveKit();
          }}
        >
          <label>
            Colours
            <input
              value={model.paletteText}
              placeholder="#1d3557, #e63946, #f1faee"
              aria-invalid={model.kitProblem.value ? true : undefined}
              aria-describedby={model.kitProblem.value ? 'brand-kit-problem' : undefined}
              onInput={(e) => (model.paletteText.value = e.currentTarget.value)}
            />
          </label>
          <div class="grid two">
            <label>
              Brand name
              <input value={model.brandName} placeholder="Optional" onInput={(e) => (model.brandName.value = e.currentTarget.value)} />
            </label>
            <label>
              Font
              <input value={model.font} onInput={(e) => (model.font.value = e.currentTarget.value)} />
            </label>
          </div>
          <label class="check">
            <input type="checkbox" checked={model.useKitColours.value} onChange={(e) => (model.useKitColours.value = e.currentTarget.checked)} />
            Use these colours for new images
          </label>
          {model.kitProblem.value && (
            <p class="problem" id="brand-kit-problem" role="alert">
              {model.kitProblem}
            </p>
          )}
          <div class="row actions">
            <button type="submit" class="secondary">
              Save brand kit
            </button>
            {model.kitMessage.value && (
              <span class="hint" role="status">
                {model.kitMessage}
              </span>
            )}
          </div>
        </form>
      </details>

      <p class="hint">On the selected mark: vectors beside it, the source untouched.</p>
      <div class="tool-buttons">
        <button type="button" class="secondary" onClick={() => model.vectorize()}>
          Vectorize
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void model.recolor('recolor')}>
          Recolor to palette
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void model.recolor('mono')}>
          Mono
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void model.recolor('inverse')}>
          Inverse
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void model.lockups()}>
          Lockups
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void model.logoSheet()}>
          Logo sheet
        </button>
      </div>
      {model.problem.value && (
        <p class="problem" role="alert">
          {model.problem}
        </p>
      )}
      {model.notice.value && (
        <p class="notice" role="status">
          {model.notice}
        </p>
      )}

      <div class="picks">
        <div class="row">
          <h3>Picks ({model.picks.value.length})</h3>
          <button type="button" class="ghost" aria-pressed={model.selectedPicked.value} onClick={() => void model.togglePick()}>
            {model.selectedPicked.value ? '★ Picked' : '☆ Pick'}
          </button>
          <button type="button" class="secondary small" disabled={model.picks.value.length === 0} onClick={() => model.moreLikePicks()}>
            More like picks
          </button>
        </div>
        {model.picks.value.length > 0 && (
          <ul class="pick-list">
            {model.picks.value.map((pick) => (
              <li key={pick.id}>
                <button type="button" class="link" title="Select and zoom to it" onClick={() => void model.selectPick(pick.id)}>
                  ★ {pick.name}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
