import { NamedError } from '../../shared/errors';

/**
 * Turns whatever went wrong talking to Replicate into one sentence a designer can act on.
 * Every message the panel shows about the network comes from here.
 */

export interface HttpFailure {
  status: number;
  /** Raw response text. */
  body: string;
  contentType?: string;
  url?: string;
}

export function explainHttpFailure(failure: HttpFailure, context: { relayUrl: string; model?: string }): NamedError {
  const { status } = failure;
  const json = parseJson(failure.body);
  const detail = typeof json?.detail === 'string' ? json.detail : undefined;
  if (!json && /^\s*</.test(failure.body)) {
    return new NamedError(
      'UpstreamHtml',
      `The relay answered with a web page instead of Replicate's reply (HTTP ${status}). Check the Relay URL in Settings.`,
    );
  }
  switch (status) {
    case 401:
      return new NamedError('Unauthenticated', "Replicate didn't accept your API token. Check it in Settings.");
    case 402:
      return new NamedError(
        'NoCredit',
        'Your Replicate account is out of credit. Add billing at replicate.com/account/billing, then try again.',
      );
    case 404:
      // The relay's own 404 (a path it does not forward) means the Relay URL is off, not the model.
      if (json?.title === 'Not found' && /relay/i.test(detail ?? '')) {
        return new NamedError(
          'NotRelayRoute',
          `The relay at ${context.relayUrl} doesn't know that address. Check the Relay URL in Settings.`,
        );
      }
      return new NamedError(
        'NotFound',
        context.model
          ? `Replicate has no model called "${context.model}".`
          : `Replicate says: ${(detail ?? 'not found').replace(/\.+$/, '')}.`,
      );
    case 413:
      return new NamedError('TooLarge', 'That file is too large to send to Replicate (100 MB at most).');
    case 422: {
      const fields = invalidFields(json);
      return new NamedError(
        'InvalidInput',
        fields.length
          ? `The model rejected ${fields.length === 1 ? 'an input' : 'some inputs'}: ${fields.join('; ')}.`
          : `The model rejected the input${detail ? `: ${detail}` : '.'}`,
      );
    }
    case 429:
      return new NamedError(
        'Throttled',
        `Replicate is limiting how fast you can send requests${detail ? ` (${detail})` : ''}. Try again in a minute.`,
      );
    case 502:
    case 503:
    case 504:
      if (json?.title === 'Relay could not reach Replicate') {
        // The detail is "<host>: <network error>" for the relay's operator; the person gets the host only.
        const host = detail?.split(': ')[0]?.trim();
        return new NamedError(
          'RelayUpstream',
          `The relay could not reach Replicate${host ? ` (${host})` : ''}. Try again shortly.`,
        );
      }
      return new NamedError('ServerError', `Replicate is having trouble (HTTP ${status}). Try again shortly.`);
    default:
      if (status >= 500) {
        return new NamedError('ServerError', `Replicate is having trouble (HTTP ${status}). Try again shortly.`);
      }
      return new NamedError('HttpError', `Replicate answered HTTP ${status}${detail ? `: ${detail}` : '.'}`);
  }
}

export function explainNetworkError(relayUrl: string): NamedError {
  return new NamedError(
    'RelayUnreachable',
    `Can't reach the relay at ${relayUrl}. Is it running (npm run relay), and is the Relay URL in Settings right?`,
  );
}

/** A prediction that ended `failed`: safety filters get their own words. */
export function explainPredictionError(error: unknown): string {
  const text = typeof error === 'string' ? error : error ? JSON.stringify(error) : 'no reason given';
  if (/nsfw|sensitive|safety|E005|flagged/i.test(text)) {
    return "The model's safety filter blocked this result. Try rewording the prompt.";
  }
  return `The model failed: ${text.length > 200 ? `${text.slice(0, 199)}…` : text}`;
}

function invalidFields(json: Record<string, unknown> | undefined): string[] {
  const list = json?.invalid_fields;
  if (!Array.isArray(list)) return [];
  return list.map((f: { field?: string; description?: string }) => {
    const field = String(f.field ?? '').replace(/^input\./, '');
    return f.description ? `${field} (${f.description})` : field;
  });
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
