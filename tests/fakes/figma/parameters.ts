import { notImplemented } from './errors';

/** A parameter as the manifest declares it (`parameters` on the plugin or a menu item). */
export interface ManifestParameter {
  key: string;
  name?: string;
  allowFreeform?: boolean;
  optional?: boolean;
}

export type Suggestion = Parameters<SuggestionResults['setSuggestions']>[0][number];

/** What the plugin answered to one keystroke in the quick-action palette. */
export interface SuggestionAnswer {
  suggestions?: Suggestion[];
  error?: string;
  loadingMessages: string[];
}

/** How long `input()` waits for setSuggestions or setError before failing the test. */
const ANSWER_TIMEOUT_MS = 3000;

/**
 * figma.parameters and the palette that drives it. As Figma: every keystroke fires 'input'
 * with a fresh SuggestionResults; the palette shows "Loading suggestions…" (or the plugin's
 * own message) until setSuggestions or setError; setError is not available on a freeform
 * parameter (the docs say Figma cannot guarantee the plugin sees the input first: here it
 * throws). Which parameters exist comes from the manifest, when the fake is given it.
 */
export function createParameters(declared: readonly ManifestParameter[] | undefined, onError: (e: unknown) => void) {
  const listeners: { cb: (event: ParameterInputEvent) => void; once: boolean }[] = [];

  const api: ParametersAPI = {
    on: (type, cb) => {
      if (type !== 'input') throw notImplemented(`figma.parameters.on('${type}')`);
      listeners.push({ cb, once: false });
    },
    once: (type, cb) => {
      if (type !== 'input') throw notImplemented(`figma.parameters.once('${type}')`);
      listeners.push({ cb, once: true });
    },
    off: (_type, cb) => {
      const i = listeners.findIndex((l) => l.cb === cb);
      if (i >= 0) listeners.splice(i, 1);
    },
  };

  function input(key: string, query: string, parameters: ParameterValues = {}): Promise<SuggestionAnswer> {
    const parameter = declared?.find((p) => p.key === key);
    if (declared && !parameter) throw new Error(`The manifest declares no parameter "${key}"`);
    const answer: SuggestionAnswer = { loadingMessages: [] };
    return new Promise<SuggestionAnswer>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`The plugin answered "${key}" = "${query}" with neither setSuggestions nor setError`)),
        ANSWER_TIMEOUT_MS,
      );
      const settle = () => {
        clearTimeout(timer);
        resolve(answer);
      };
      let answered = false;
      const result: SuggestionResults = {
        setSuggestions(suggestions) {
          if (!Array.isArray(suggestions)) throw new Error('in setSuggestions: Expected an array');
          for (const s of suggestions) {
            if (typeof s !== 'string' && typeof s?.name !== 'string') throw new Error('in setSuggestions: Expected strings or {name, data?, icon?, iconUrl?}');
          }
          if (answered) return;
          answered = true;
          answer.suggestions = structuredClone(suggestions);
          settle();
        },
        setError(message) {
          if (typeof message !== 'string') throw new Error('in setError: Expected "message" to be a string');
          if (parameter?.allowFreeform) throw new Error(`in setError: Not available on the freeform parameter "${key}"`);
          if (answered) return;
          answered = true;
          answer.error = message;
          settle();
        },
        setLoadingMessage(message) {
          if (typeof message !== 'string') throw new Error('in setLoadingMessage: Expected "message" to be a string');
          answer.loadingMessages.push(message);
        },
      };
      const event: ParameterInputEvent = { key, query, parameters: { ...parameters }, result };
      for (const l of [...listeners]) {
        if (l.once) listeners.splice(listeners.indexOf(l), 1);
        try {
          l.cb(event);
        } catch (e) {
          onError(e);
        }
      }
    });
  }

  return { api, input, listeners };
}
