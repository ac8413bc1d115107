import { useEffect } from 'preact/hooks';
import type { PanelModel } from '../state/panel-model';
import { GenerateForm } from './GenerateForm';
import { JobList } from './JobList';
import { Settings } from './Settings';

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
      <GenerateForm model={model} />
      {model.notice.value && (
        <p class="notice" role="status">
          {model.notice}
        </p>
      )}
      <JobList model={model} />
    </main>
  );
}
