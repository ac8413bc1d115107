/**
 * Scripted and random faults. Route syntax: 'METHOD /path', METHOD may be '*'; each '*' path
 * segment matches exactly one segment, a final '*' matches one or more remaining segments.
 * The route '*' alone matches every request.
 */
import { rng } from './images';
import type { Fault, FaultControls, FiredFault } from './types';

interface Scripted {
  route: string;
  fault: Fault;
  remaining: number;
}

export function routeMatches(route: string, method: string, path: string): boolean {
  const r = route.trim();
  if (r === '*') return true;
  const space = r.indexOf(' ');
  const m = space < 0 ? '*' : r.slice(0, space).toUpperCase();
  const p = space < 0 ? r : r.slice(space + 1).trim();
  const reqMethod = method.toUpperCase();
  if (m !== '*' && m !== reqMethod && !(m === 'GET' && reqMethod === 'HEAD')) return false;
  const want = p.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  for (let i = 0; i < want.length; i++) {
    const last = i === want.length - 1;
    if (want[i] === '*' && last) return have.length >= want.length;
    if (i >= have.length) return false;
    if (want[i] !== '*' && want[i] !== have[i]) return false;
  }
  return want.length === have.length;
}

const PREDICTION_ONLY: Fault['kind'][] = ['fail-prediction', 'cancel-upstream'];

export class Faults implements FaultControls {
  private scripted: Scripted[] = [];
  private rate = 0;
  private kinds: Fault['kind'][] = [];
  private readonly rand: () => number;
  readonly fired: FiredFault[] = [];

  constructor(seed: number) {
    this.rand = rng(seed);
  }

  get count(): number {
    return this.fired.length;
  }

  get pending(): number {
    return this.scripted.reduce((n, s) => n + s.remaining, 0);
  }

  next(route: string, fault: Fault, times = 1): void {
    if (times > 0) this.scripted.push({ route, fault, remaining: times });
  }

  random(rate: number, kinds: Fault['kind'][]): void {
    this.rate = Math.max(0, Math.min(1, rate));
    this.kinds = kinds.slice();
  }

  clear(): void {
    this.scripted = [];
    this.rate = 0;
    this.kinds = [];
  }

  /** Picks the fault for a request (consuming it), or undefined. */
  take(method: string, path: string, isCreate: boolean): Fault | undefined {
    for (const s of this.scripted) {
      if (s.remaining <= 0 || !routeMatches(s.route, method, path)) continue;
      if (PREDICTION_ONLY.includes(s.fault.kind) && !isCreate) continue;
      s.remaining--;
      this.scripted = this.scripted.filter((x) => x.remaining > 0);
      this.fired.push({ method, path, fault: s.fault, source: 'scripted', at: Date.now() });
      return s.fault;
    }
    if (this.rate > 0 && this.kinds.length > 0 && this.rand() < this.rate) {
      const usable = this.kinds.filter((k) => isCreate || !PREDICTION_ONLY.includes(k));
      if (usable.length === 0) return undefined;
      const kind = usable[Math.floor(this.rand() * usable.length)];
      const fault = this.make(kind);
      this.fired.push({ method, path, fault, source: 'random', at: Date.now() });
      return fault;
    }
    return undefined;
  }

  private make(kind: Fault['kind']): Fault {
    switch (kind) {
      case 'status': {
        const statuses = [429, 500, 502, 503];
        const status = statuses[Math.floor(this.rand() * statuses.length)];
        return status === 429 ? { kind, status, retryAfter: 1 } : { kind, status };
      }
      case 'drop':
        return { kind };
      case 'delay':
        return { kind, ms: 20 + Math.floor(this.rand() * 180) };
      case 'fail-prediction':
        return { kind, error: 'Prediction failed (random fault)' };
      case 'cancel-upstream':
        return { kind };
    }
  }
}
