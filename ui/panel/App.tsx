import { useEffect } from 'preact/hooks';
import type { PanelModel } from '../state/panel-model';
import { FirstRun } from './FirstRun';
import { GenerateForm } from './GenerateForm';
import { JobList } from './JobList';
import { RefineForm } from './RefineForm';
import { LogoTools } from './LogoTools';
import { TrainStyle } from './TrainStyle';
import { DesignForm } from './DesignForm';
import { PRESETS } from '../../shared/models/catalogue';
import { Settings } from './Settings';
import { RecipeConfirm } from './RecipeConfirm';
import { HistoryPanel } from './HistoryPanel';
import { BudgetConfirm } from './BudgetConfirm';

const MODES = ['generate', 'refine', 'design', 'history'] as const;
const MODE_LABELS = { generate: 'Generate', refine: 'Refine', design: 'Design', history: 'History' } as const;

export function App({ model }: { model: PanelModel }) {
  useEffect(() => {
    void model.loadSettings();
  }, [model]);
  return (
    <main class="panel">
      <header class="top">
        <h1>
          Diffusion
          {model.relay.value?.demo && (
            <span class="badge" title="The relay is running the offline demo backend, not Replicate">
              demo
            </span>
          )}
        </h1>
        <button
          type="button"
          class="ghost"
          aria-expanded={model.settingsOpen.value}
          onClick={() => (model.settingsOpen.value = !model.settingsOpen.value)}
        >
          {model.settingsOpen.value ? 'Close settings' : 'Settings'}
        </button>
      </header>
      {model.settingsLoaded.value && model.settingsOpen.value && <Settings model={model} />}
      <div
        class="tabs"
        role="tablist"
        aria-label="Mode"
        onKeyDown={(event) => {
          // Arrow keys move between tabs, as in every tablist.
          if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
          event.preventDefault();
          const step = event.key === 'ArrowRight' ? 1 : MODES.length - 1;
          model.mode.value = MODES[(MODES.indexOf(model.mode.value) + step) % MODES.length];
          (event.currentTarget.querySelector(`#tab-${model.mode.value}`) as HTMLElement | null)?.focus();
        }}
      >
        {MODES.map((mode) => (
          <button
            type="button"
            role="tab"
            id={`tab-${mode}`}
            key={mode}
            aria-selected={model.mode.value === mode}
            aria-controls={`panel-${mode}`}
            tabIndex={model.mode.value === mode ? 0 : -1}
            class={model.mode.value === mode ? 'tab active' : 'tab'}
            onClick={() => (model.mode.value = mode)}
          >
            {MODE_LABELS[mode]}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${model.mode.value}`} aria-labelledby={`tab-${model.mode.value}`}>
        {model.mode.value === 'generate' ? (
          <GenerateForm model={model} />
        ) : model.mode.value === 'refine' ? (
          <>
            <RefineForm model={model} />
            <LogoTools model={model.logo} />
            <TrainStyle model={model.training} picks={model.logo.picks.value.length} />
          </>
        ) : model.mode.value === 'history' ? (
          <HistoryPanel history={model.history} cost={model.cost} training={model.training} />
        ) : (
          <DesignForm
            model={model.design}
            imageModelLabel={PRESETS.find((p) => p.id === model.modelId.value)?.label ?? model.modelId.value}
            references={model.references}
          />
        )}
      </div>
      <RecipeConfirm gate={model.recipeGate} />
      <BudgetConfirm cost={model.cost} />
      {model.notice.value && (
        <p class="notice" role="status">
          {model.notice}
        </p>
      )}
      {model.mode.value === 'generate' && !model.prompt.value.trim() && model.jobs.value.length === 0 && <FirstRun model={model} />}
      <JobList model={model} />
    </main>
  );
}
