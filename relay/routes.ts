/**
 * The allow-list of Replicate routes the plugin uses. The relay forwards these and
 * nothing else, with the same method and path as Replicate's API.
 */

export type RouteMethod = 'GET' | 'POST';

interface RouteSpec {
  method: RouteMethod;
  /** Path pattern; `:name` matches one validated segment. */
  pattern: string;
  /**
   * Not called by the plugin's panel (file look-ups, trainings, the account): a relay that
   * holds a token forwards these only to a client that sent a valid relay key.
   */
  keyOnly?: true;
}

export const REPLICATE_ROUTES: readonly RouteSpec[] = [
  { method: 'POST', pattern: '/v1/predictions' },
  { method: 'POST', pattern: '/v1/models/:owner/:name/predictions' },
  { method: 'GET', pattern: '/v1/predictions/:id' },
  { method: 'POST', pattern: '/v1/predictions/:id/cancel' },
  { method: 'GET', pattern: '/v1/models/:owner/:name' },
  { method: 'GET', pattern: '/v1/models/:owner/:name/versions/:id' },
  { method: 'POST', pattern: '/v1/files' },
  { method: 'GET', pattern: '/v1/files/:id', keyOnly: true },
  { method: 'POST', pattern: '/v1/models/:owner/:name/versions/:version/trainings', keyOnly: true },
  { method: 'GET', pattern: '/v1/trainings/:id', keyOnly: true },
  { method: 'POST', pattern: '/v1/trainings/:id/cancel', keyOnly: true },
  { method: 'GET', pattern: '/v1/account', keyOnly: true },
  // A trained style's destination model (Train a style), created on the person's account.
  { method: 'POST', pattern: '/v1/models', keyOnly: true },
];

/**
 * One path segment: letters, digits, `.`, `_`, `-`, not starting with a dot (so never
 * `.` or `..`) and no percent-escapes (so no encoded slashes, backslashes or dots).
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

export function isSafeSegment(segment: string): boolean {
  return SEGMENT.test(segment);
}

export type RouteMatch =
  | { ok: true; pattern: string; keyOnly: boolean; segments: string[] }
  | { ok: false; reason: 'bad-path' | 'not-found' | 'method' };

/** Matches a request path (URL pathname, as received) against the allow-list. */
export function matchRoute(method: string, pathname: string): RouteMatch {
  if (!pathname.startsWith('/') || pathname.length > 1000) return { ok: false, reason: 'bad-path' };
  const segments = pathname.slice(1).split('/');
  // A trailing slash is tolerated ("/v1/account/"); empty segments elsewhere are not.
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  for (const segment of segments) {
    if (!isSafeSegment(segment)) return { ok: false, reason: 'bad-path' };
  }
  let pathMatched = false;
  for (const route of REPLICATE_ROUTES) {
    const parts = route.pattern.slice(1).split('/');
    if (parts.length !== segments.length) continue;
    const same = parts.every((part, i) => part.startsWith(':') || part === segments[i]);
    if (!same) continue;
    pathMatched = true;
    if (route.method === method) return { ok: true, pattern: route.pattern, keyOnly: route.keyOnly === true, segments };
  }
  return { ok: false, reason: pathMatched ? 'method' : 'not-found' };
}
