/**
 * CPU time per process of this machine's Chromium and of the bench's own Node process, from
 * /proc (Linux only): where a run's CPU went when both cores are busy (BENCH_EXPLORE_CPU=1).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

export type CpuSnapshot = Map<string, { label: string; ms: number }>;

export function cpuSnapshot(): CpuSnapshot {
  const out: CpuSnapshot = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      // Chromium rewrites its children's command lines into one space-separated string.
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/\0| /);
      const chromium = /chrom/i.test(args[0] ?? '');
      if (!chromium && Number(pid) !== process.pid) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
      const type = args.find((a) => a.startsWith('--type='))?.slice(7) ?? (chromium ? 'browser' : 'bench (relay, protocol server, harness)');
      const sub = args.find((a) => a.startsWith('--utility-sub-type='))?.split('.').pop();
      out.set(pid, { label: sub ? `${type} ${sub}` : type, ms });
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

/** CPU ms per process between two snapshots, largest first, as "label pid: ms". */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): string[] {
  return [...after]
    .map(([pid, { label, ms }]) => ({ pid, label, ms: ms - (before.get(pid)?.ms ?? 0) }))
    .filter((p) => p.ms > 0)
    .sort((a, b) => b.ms - a.ms)
    .map((p) => `${p.label} ${p.pid}: ${p.ms} ms`);
}
