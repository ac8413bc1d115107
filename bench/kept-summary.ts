/**
 * Figures and table rows for bench/kept-outputs.ts: per entry, picture set and output count,
 * the webhook's answer time (= verified completion → all outputs kept), per output, and for the
 * Node entry where it goes (download vs storage write).
 */
import type { KeptOptions, KeptRun } from './kept-outputs';

const r1 = (x: number) => Math.round(x * 10) / 10;
function pick(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
const med = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs: number[]) => ({ median: r1(med(xs)), p95: r1(pick(xs, 0.95)), n: xs.length });

export function keptSummary(runs: KeptRun[], opts: KeptOptions) {
  const groups: Record<string, unknown>[] = [];
  const rows: [string, string, string, string][] = [];
  for (const entry of opts.entries) {
    for (const set of opts.sets) {
      const perCount = new Map<number, number>();
      for (const count of opts.counts) {
        const rs = runs.filter((r) => r.entry === entry && r.set === set && r.outputs === count);
        if (!rs.length) continue;
        const webhook = stats(rs.map((r) => r.webhookMs));
        const perOutput = stats(rs.map((r) => r.webhookMs / count));
        perCount.set(count, webhook.median);
        const group: Record<string, unknown> = {
          entry,
          set,
          outputs: count,
          mbPerOutput: r1(rs[0].bytes / count / 1e6 * 100) / 100,
          webhookMs: webhook,
          perOutputMs: perOutput,
          directSerialMs: stats(rs.map((r) => r.directSerialMs)),
          directParallelMs: stats(rs.map((r) => r.directParallelMs)),
        };
        let share = '';
        if (rs[0].downloadMs) {
          const down = rs.map((r) => r.downloadMs!.reduce((a, b) => a + b, 0));
          const put = rs.map((r) => r.putMs!.reduce((a, b) => a + b, 0));
          group.downloadSumMs = stats(down);
          group.putSumMs = stats(put);
          group.recordPutMs = stats(rs.map((r) => r.recordPutMs!));
          group.copyWallMs = stats(rs.map((r) => r.copyWallMs!));
          group.maxInFlight = Math.max(...rs.map((r) => r.maxInFlight!));
          const d = med(down);
          const p = med(put);
          share = `; download ${r1(d / count)} + write ${r1(p / count)} ms per output (${Math.round((100 * d) / (d + p))} % download), ${group.maxInFlight} at once`;
        }
        if (rs[0].loggedDownloadMs !== undefined) {
          const d = med(rs.map((r) => r.loggedDownloadMs!));
          const p = med(rs.map((r) => r.loggedStoreMs!));
          group.loggedDownloadSumMs = stats(rs.map((r) => r.loggedDownloadMs!));
          group.loggedStoreSumMs = stats(rs.map((r) => r.loggedStoreMs!));
          share = `; download ${r1(d / count)} + write ${r1(p / count)} ms per output (${Math.round((100 * d) / (d + p))} % download, relay's log)`;
        }
        if (rs[0].serverDownloadMs !== undefined) {
          const d = stats(rs.map((r) => r.serverDownloadMs!));
          const o = stats(rs.map((r) => r.serverOtherMs!));
          group.serverDownloadMs = d;
          group.serverOtherMs = o;
          group.serverMaxInFlight = Math.max(...rs.map((r) => r.serverMaxInFlight!));
          share += `; files being sent ${r1(d.median / count)} ms, the rest ${r1(o.median / count)} ms per output (seen from the file server), ${group.serverMaxInFlight} at once`;
        }
        groups.push(group);
        rows.push([
          `kept: ${entry}, ${count} × ${set} PNG (${group.mbPerOutput} MB), webhook → all kept p50 / p95`,
          `${webhook.median} / ${webhook.p95} ms = ${perOutput.median} ms per output${share}`,
          '-',
          '',
        ]);
      }
      // The per-output cost without the fixed part (verification, record read and write).
      const counts = [...perCount.keys()].sort((a, b) => a - b);
      if (counts.length >= 2) {
        const lo = counts[0];
        const hi = counts[counts.length - 1];
        const slope = (perCount.get(hi)! - perCount.get(lo)!) / (hi - lo);
        groups.push({ entry, set, marginalMsPerOutput: r1(slope), between: [lo, hi] });
        rows.push([`kept: ${entry}, ${set} PNG, each extra output (${lo} → ${hi}, p50)`, `${r1(slope)} ms`, '-', '']);
      }
    }
  }
  return { rows, figures: { groups, options: opts } };
}
