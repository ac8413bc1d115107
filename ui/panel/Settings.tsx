import { useState } from 'preact/hooks';
import type { PanelModel } from '../state/panel-model';
import { relayProblem } from '../replicate/relay-health';

export function Settings({ model }: { model: PanelModel }) {
  const [token, setToken] = useState(model.settings.value.token);
  const [relayUrl, setRelayUrl] = useState(model.settings.value.relayUrl);
  const [relayKey, setRelayKey] = useState(model.settings.value.relayKey ?? '');
  const [budget, setBudget] = useState(String(model.cost.budget.value));
  const relay = model.relay.value;
  const relayProblemText = relayProblem(relay, model.settings.value.relayUrl);
  return (
    <form
      class="settings"
      aria-label="Settings"
      onSubmit={(event) => {
        event.preventDefault();
        void model.cost.saveBudget(budget).then((ok) => ok && setBudget(String(model.cost.budget.value)));
        void model.saveSettings({ token, relayUrl, relayKey }).then(() => {
          // Show what was kept (trimmed, no trailing slash), not what was typed.
          setToken(model.settings.value.token);
          setRelayUrl(model.settings.value.relayUrl);
          setRelayKey(model.settings.value.relayKey ?? '');
        });
      }}
    >
      <label>
        Replicate API token
        <input
          type="password"
          autoComplete="off"
          spellcheck={false}
          placeholder="r8_…"
          value={token}
          aria-describedby={relay?.serverToken ? 'settings-token-hint settings-relay-token' : 'settings-token-hint'}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
      </label>
      {relay?.serverToken && (
        <p class="info" id="settings-relay-token">
          The relay at {model.settings.value.relayUrl} has its own Replicate token and uses it for every run. A token typed
          here is not needed, and not sent.
        </p>
      )}
      <p class="hint" id="settings-token-hint">
        From replicate.com/account/api-tokens. Kept on this computer only (Figma client storage), never in the file.
      </p>
      <label>
        Relay URL
        <input
          type="url"
          spellcheck={false}
          value={relayUrl}
          aria-describedby={relayProblemText ? 'settings-relay-problem' : undefined}
          onInput={(e) => setRelayUrl(e.currentTarget.value)}
        />
      </label>
      {relayProblemText && (
        <p class="problem" id="settings-relay-problem">
          {relayProblemText}
        </p>
      )}
      <label>
        Relay key
        <input
          type="password"
          autoComplete="off"
          spellcheck={false}
          value={relayKey}
          aria-describedby="settings-relay-key-hint"
          onInput={(e) => setRelayKey(e.currentTarget.value)}
        />
      </label>
      <p class="hint" id="settings-relay-key-hint">
        Only for a team relay that holds its own Replicate token: ask whoever runs it. Kept on this computer only, like
        the token.
      </p>
      <label>
        Budget per run (US$)
        <input
          inputMode="decimal"
          autoComplete="off"
          value={budget}
          aria-describedby={model.cost.budgetMessage.value ? 'settings-budget-problem settings-budget-hint' : 'settings-budget-hint'}
          onInput={(e) => setBudget(e.currentTarget.value)}
        />
      </label>
      {model.cost.budgetMessage.value && (
        <p class="problem" id="settings-budget-problem">
          {model.cost.budgetMessage}
        </p>
      )}
      <p class="hint" id="settings-budget-hint">
        A run estimated above this asks first. Kept on this computer (Figma client storage).
      </p>
      <div class="row">
        <button type="submit" class="secondary">
          Save settings
        </button>
        <span class="hint" role="status">
          {model.settingsMessage}
        </span>
      </div>
    </form>
  );
}
