import type { RecipeGate } from '../state/recipe-gate';

/** Asks before a recipe from the document runs that is not this person's, or not on a preset model. */
export function RecipeConfirm({ gate }: { gate: RecipeGate }) {
  return (
    <>
      {gate.questions.value.map((question) => (
        <section class="recipe-confirm" role="alertdialog" aria-labelledby={`recipe-q-${question.id}`} key={question.id}>
          <p id={`recipe-q-${question.id}`}>{question.text}</p>
          <dl>
            <dt>Model</dt>
            <dd>{question.model}</dd>
            {question.prompt && (
              <>
                <dt>Prompt</dt>
                <dd>{question.prompt}</dd>
              </>
            )}
            {question.inputs.length > 0 && (
              <>
                <dt>Inputs</dt>
                <dd>
                  <ul>
                    {question.inputs.map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                  <small>Only inputs the model declares are sent, and no links.</small>
                </dd>
              </>
            )}
          </dl>
          <div class="actions">
            <button type="button" onClick={() => gate.answer(question.id, true)}>
              Run it
            </button>
            <button type="button" class="ghost" onClick={() => gate.answer(question.id, false)}>
              Don’t run
            </button>
          </div>
        </section>
      ))}
    </>
  );
}
