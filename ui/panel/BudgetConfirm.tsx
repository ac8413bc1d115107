import { useEffect, useRef } from 'preact/hooks';
import type { CostModel } from '../state/cost-model';

/**
 * Asks before spending: a run estimated above the person's budget, and every training. In the
 * panel, never window.confirm.
 */
export function BudgetConfirm({ cost }: { cost: CostModel }) {
  const ask = cost.pending.value;
  const run = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (ask) run.current?.focus();
  }, [ask]);
  if (!ask) return null;
  return (
    <div class="confirm budget-confirm" role="alertdialog" aria-label={ask.title} aria-describedby="budget-confirm-text">
      <p id="budget-confirm-text">
        {ask.message} {ask.question}
      </p>
      <div class="row">
        <button type="button" class="primary" ref={run} onClick={() => ask.answer(true)}>
          {ask.go}
        </button>
        <button type="button" class="secondary" onClick={() => ask.answer(false)}>
          {ask.stop}
        </button>
      </div>
      {ask.hint && <p class="hint">{ask.hint}</p>}
    </div>
  );
}
