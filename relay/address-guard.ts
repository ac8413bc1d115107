/**
 * Decides whether the download route may fetch a URL: allow-listed hosts only, https
 * only (plain http only for hosts listed with an explicit port), no credentials in the
 * URL, and no loopback/private/link-local IP literals unless that exact host:port is
 * listed. Checked again on every redirect hop.
 *
 * Web-standard only; DNS names are not resolved (the allow-list is what keeps DNS names
 * honest: only Replicate's delivery hosts are listed in production).
 */

export interface HostRule {
  /** `exact`: host equals; `wildcard`: any subdomain of `host` (never the apex, never an IP). */
  kind: 'exact' | 'wildcard';
  /** Lower-case host as WHATWG URL serialises it (IPv6 in brackets). */
  host: string;
  /** Explicit port as a string, if the entry carried one. */
  port?: string;
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

const ENTRY = /^(\[[0-9a-f:.]+\]|[^:\[\]]+)(?::(\d{1,5}))?$/i;

/** Parses allow-list entries such as `replicate.delivery`, `*.replicate.delivery`, `127.0.0.1:4567`. */
export function parseHostRules(entries: readonly string[]): HostRule[] {
  const rules: HostRule[] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    const match = ENTRY.exec(entry);
    if (!match) throw new Error(`Invalid download host entry: "${raw}"`);
    const [, hostPart, port] = match;
    if (hostPart.startsWith('*.')) {
      const suffix = normaliseHost(hostPart.slice(2));
      if (!suffix || isIpLiteral(suffix)) throw new Error(`Invalid wildcard download host: "${raw}"`);
      rules.push({ kind: 'wildcard', host: suffix, port });
      continue;
    }
    const host = normaliseHost(hostPart);
    if (!host) throw new Error(`Invalid download host entry: "${raw}"`);
    rules.push({ kind: 'exact', host, port });
  }
  return rules;
}

function normaliseHost(host: string): string | undefined {
  try {
    return new URL(`http://${host}/`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function isIpLiteral(hostname: string): boolean {
  return IPV4.test(hostname) || hostname.startsWith('[') || hostname.includes(':');
}

function parseIpv4(host: string): number[] | undefined {
  const m = IPV4.exec(host);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}

/** Expands an IPv6 literal (with or without brackets) to eight 16-bit groups. */
export function parseIpv6(literal: string): number[] | undefined {
  let text = literal.replace(/^\[|\]$/g, '').toLowerCase();
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  // A trailing dotted quad (::ffff:1.2.3.4) becomes two groups.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIpv4(tail);
    if (!v4) return undefined;
    text = `${text.slice(0, lastColon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  const numbers = groups.map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
  return numbers.some(Number.isNaN) ? undefined : numbers;
}

function isSpecialIpv4([a, b, c]: number[]): boolean {
  return (
    a === 0 || // "this network"
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && c === 0) || // IETF protocol assignments
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast, reserved, broadcast
  );
}

/**
 * True for IP literals that point inside a machine or private network: loopback,
 * private, link-local, unique-local, CGNAT, unspecified, multicast, IPv4-mapped/-compatible
 * and NAT64 IPv6 forms. Unparseable IP-looking hosts count as special (refuse when unsure).
 */
export function isSpecialAddress(hostname: string): boolean {
  const v4 = parseIpv4(hostname);
  if (v4) return isSpecialIpv4(v4);
  if (!hostname.startsWith('[') && !hostname.includes(':')) return false;
  const g = parseIpv6(hostname);
  if (!g) return true;
  const allZeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (allZeroUpTo(7) && (g[7] === 0 || g[7] === 1)) return true; // :: and ::1
  if (allZeroUpTo(5) && g[5] === 0xffff) return true; // IPv4-mapped ::ffff:a.b.c.d
  if (allZeroUpTo(6)) return true; // IPv4-compatible ::a.b.c.d (deprecated)
  if (g[0] === 0x64 && g[1] === 0xff9b) return true; // NAT64 64:ff9b::/96
  if ((g[0] & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((g[0] & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g[0] & 0xffc0) === 0xfec0) return true; // site-local (deprecated)
  if ((g[0] & 0xff00) === 0xff00) return true; // multicast
  return false;
}

function defaultPort(protocol: string): string {
  return protocol === 'http:' ? '80' : '443';
}

/** Checks one URL (the first request or a redirect hop) against the download rules. */
export function checkDownloadUrl(raw: string | URL, rules: readonly HostRule[]): UrlCheck {
  let url: URL;
  try {
    url = typeof raw === 'string' ? new URL(raw) : new URL(raw.href);
  } catch {
    return { ok: false, reason: 'The download URL is not a valid absolute URL.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: `Only https URLs can be downloaded (got ${url.protocol.replace(/:$/, '')}).` };
  }
  if (url.username || url.password) {
    return { ok: false, reason: 'Download URLs must not carry credentials (user:password@).' };
  }
  const hostname = url.hostname.toLowerCase();
  const port = url.port || defaultPort(url.protocol);
  const ipLiteral = isIpLiteral(hostname);
  const special = ipLiteral && isSpecialAddress(hostname);
  const display = url.port ? `${hostname}:${url.port}` : hostname;

  let httpOnlyWithPort = false;
  for (const rule of rules) {
    if (rule.port !== undefined) {
      // An explicit host:port entry: exact host only, that port, http or https.
      if (rule.kind === 'exact' && rule.host === hostname && rule.port === port) return { ok: true, url };
      if (rule.kind === 'wildcard' && !ipLiteral && hostname.endsWith(`.${rule.host}`) && rule.port === port) {
        return { ok: true, url };
      }
      continue;
    }
    // Entries without a port: https on the default port only, and never private IP literals.
    const hostMatches =
      rule.kind === 'exact' ? rule.host === hostname : !ipLiteral && hostname.endsWith(`.${rule.host}`);
    if (!hostMatches || special) continue;
    if (url.protocol !== 'https:') {
      httpOnlyWithPort = true;
      continue;
    }
    if (url.port === '') return { ok: true, url };
  }
  if (special) {
    return {
      ok: false,
      reason: `Refusing to download from ${display}: loopback, private and link-local addresses are not allowed.`,
    };
  }
  if (httpOnlyWithPort) {
    return { ok: false, reason: `Refusing plain http for ${display}: only https downloads are allowed.` };
  }
  return { ok: false, reason: `Host ${display} is not on the relay's download allow-list.` };
}
