import { useEffect, useState } from 'preact/hooks';
import { GOOD_TRAINING_IMAGES, MIN_TRAINING_IMAGES } from '../../shared/training/style';
import type { TrainingModel } from '../state/training-model';
import type { TrainingSnapshot } from '../training/run-training';

const PHASE_LABELS: Record<TrainingSnapshot['phase'], string> = {
  preparing: 'Preparing the training set',
  uploading: 'Uploading the training set',
  starting: 'Starting',
  processing: 'Training',
  succeeded: 'Ready in Your styles',
  failed: 'Failed',
  canceled: 'Canceled',
};

/**
 * Train a style, and the trainings under way. Two ways in, one form: from the Refine tab's
 * picks (`from="picks"`), or from the layers chosen in History (`from="history"`, shown there
 * once History has chosen them). Each shows the form only when it was opened from there.
 */
export function TrainStyle({ model, picks, from = 'picks' }: { model: TrainingModel; picks: number; from?: 'picks' | 'history' }) {
  const fromHistory = model.chosen.value !== undefined;
  const mine = from === 'history' ? fromHistory : !fromHistory;
  const count = from === 'history' ? model.pickIds.value.length : picks;
  const enough = count >= MIN_TRAINING_IMAGES;
  const titleId = `train-style-title-${from}`;
  return (
    <section class="train-style" aria-labelledby={titleId}>
      <div class="row">
        <h3 id={titleId}>Train a style</h3>
        {/* From History, its own "Train a style from these N picks…" opens the form. */}
        {from === 'picks' && !(model.open.value && mine) && (
          <button type="button" class="secondary small" onClick={() => model.openForm()}>
            Train a style…
          </button>
        )}
      </div>
      <p class="hint">
        {count} {count === 1 ? 'pick' : 'picks'}:{' '}
        {GOOD_TRAINING_IMAGES.min}–{GOOD_TRAINING_IMAGES.max} images train best
        {enough ? '.' : `, at least ${MIN_TRAINING_IMAGES}.`} The style becomes a private model on your Replicate account.
      </p>
      {model.open.value && mine && (
        <form
          class="train-form"
          onSubmit={(event) => {
            event.preventDefault();
            void model.train();
          }}
        >
          <label>
            Style name
            <input value={model.label} onInput={(e) => (model.label.value = e.currentTarget.value)} />
          </label>
          <div class="grid two">
            <label>
              Trainer
              <input spellcheck={false} value={model.trainer} onInput={(e) => (model.trainer.value = e.currentTarget.value)} />
            </label>
            <label>
              Steps
              <input inputMode="numeric" placeholder="Trainer’s default" value={model.steps} onInput={(e) => (model.steps.value = e.currentTarget.value)} />
            </label>
          </div>
          <div class="row actions">
            <button type="submit" class="primary small" disabled={model.asking.value}>
              Train on {count} {count === 1 ? 'pick' : 'picks'}
            </button>
            <button type="button" class="ghost" onClick={() => model.closeForm()}>
              Close
            </button>
          </div>
        </form>
      )}
      {model.problem.value && (
        <p class="problem" role="alert">
          {model.problem}
        </p>
      )}
      {model.trainings.value.map((t) => (
        <TrainingCard key={t.key} training={t} onCancel={() => void model.cancel(t.key)} onDismiss={() => model.dismiss(t.key)} />
      ))}
    </section>
  );
}

function TrainingCard({ training, onCancel, onDismiss }: { training: TrainingSnapshot; onCancel: () => void; onDismiss: () => void }) {
  const active = !['succeeded', 'failed', 'canceled'].includes(training.phase);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  const elapsed = Math.max(0, Math.round((now - training.since) / 1000));
  return (
    <div class={`training-card ${training.phase}`} role="status" aria-label={`Training ${training.label}`}>
      <div class="row">
        <strong>{training.label}</strong>
        <span class="hint">
          {PHASE_LABELS[training.phase]}
          {active && ` · ${formatElapsed(elapsed)}`}
        </span>
        {active ? (
          <button type="button" class="ghost" onClick={onCancel}>
            Cancel
          </button>
        ) : (
          <button type="button" class="ghost" onClick={onDismiss} aria-label="Dismiss">
            ×
          </button>
        )}
      </div>
      <p class="hint">
        {training.destination ?? 'Your account'} · trigger word {training.trigger}
        {training.images ? ` · ${training.images} images` : ''}
      </p>
      {training.logTail.length > 0 && <pre class="log-tail">{training.logTail.join('\n')}</pre>}
      {training.problem && <p class={training.phase === 'canceled' ? 'hint' : 'problem'}>{training.problem}</p>}
    </div>
  );
}

function formatElapsed(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return m ? `${m} min ${seconds % 60} s` : `${seconds} s`;
}
