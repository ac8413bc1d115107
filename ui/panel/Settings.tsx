import { useState } from 'preact/hooks';
import type { PanelModel } from '../state/panel-model';

export function Settings({ model }: { model: PanelModel }) {
  const [token, setToken] = useState(model.settings.value.token);
  const [relayUrl, setRelayUrl] = useState(model.settings.value.relayUrl);
  return (
    <form
      class="settings"
      aria-label="Settings"
      onSubmit={(event) => {
        event.preventDefault();
        void model.saveSettings({ token, relayUrl }).then(() => {
          // Show what was kept (trimmed, no trailing slash), not what was typed.
          setToken(model.settings.value.token);
          setRelayUrl(model.settings.value.relayUrl);
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
          onInput={(e) => setToken(e.currentTarget.value)}
        />
      </label>
      <p class="hint">
        From replicate.com/account/api-tokens. Kept on this computer only (Figma client storage), never in the file.
      </p>
      <label>
        Relay URL
        <input type="url" spellcheck={false} value={relayUrl} onInput={(e) => setRelayUrl(e.currentTarget.value)} />
      </label>
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
