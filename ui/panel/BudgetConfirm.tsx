import { useEffect, useRef } from 'preact/hooks';
import type { CostModel } from '../state/cost-model';

/** Asks before a run estimated above the person's budget: in the panel, never window.confirm. */
export function BudgetConfirm({ cost }: { cost: CostModel }) {
  const ask = cost.pending.value;
  const run = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (ask) run.current?.focus();
  }, [ask]);
  if (!ask) return null;
  return (
    <div class="confirm budget-confirm" role="alertdialog" aria-label="Above your budget" aria-describedby="budget-confirm-text">
      <p id="budget-confirm-text">{ask.message} Run it anyway?</p>
      <div class="row">
        <button type="button" class="primary" ref={run} onClick={() => ask.answer(true)}>
          Run anyway
        </button>
        <button type="button" class="secondary" onClick={() => ask.answer(false)}>
          Don’t run
        </button>
      </div>
      <p class="hint">The budget per run is in Settings.</p>
    </div>
  );
}
