/**
 * One field's problem, beside it, for the field's aria-describedby (`problemId(field)`).
 * Rendered only when there is something to say, so screen readers hear it once.
 */
export function FieldProblem({ id, problem }: { id: string; problem: string | undefined }) {
  if (!problem) return null;
  return (
    <span class="field-problem" id={id} role="alert">
      {problem}
    </span>
  );
}

/** aria props for a field that may have a problem. */
export function invalidProps(id: string, problem: string | undefined, hintId?: string) {
  const describedBy = [problem ? id : undefined, hintId].filter(Boolean).join(' ');
  return {
    'aria-invalid': problem ? ('true' as const) : undefined,
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
  };
}
