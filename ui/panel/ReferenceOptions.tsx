import type { ReferenceOptions as Options } from '../state/reference-options';

/** The reference checkboxes of the Generate tab (see ui/state/reference-options.ts). */
export function ReferenceOptions({ options, matching }: { options: Options; matching: boolean }) {
  const limit = options.limit.value;
  if (limit === 0) return null;
  if (matching) {
    return (
      <label class="check">
        <input type="checkbox" checked={options.matchFrame.value} onChange={(e) => (options.matchFrame.value = e.currentTarget.checked)} />
        Match the frame: send the frame around it as a reference (light and palette)
      </label>
    );
  }
  const count = options.selected.value.length;
  if (count === 0) return null;
  const sent = Math.min(count, limit);
  return (
    <>
      <label class="check">
        <input type="checkbox" checked={options.useSelection.value} onChange={(e) => (options.useSelection.value = e.currentTarget.checked)} />
        Use the {count === 1 ? 'selected layer' : `${count} selected layers`} as {count === 1 ? 'a reference' : 'references'}
      </label>
      {options.useSelection.value && count > limit && (
        <p class="hint">This model takes {limit}; the first {sent} are sent.</p>
      )}
    </>
  );
}
