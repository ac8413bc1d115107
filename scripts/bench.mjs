// `npm run bench`: builds dist/ (scripts/build.mjs), bundles bench/main.ts for Node with esbuild
// and runs it. Prints a table, writes bench/results.json. See BENCHMARKS.md.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (args, env = {}) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run([join(root, 'scripts/build.mjs')]);
const out = mkdtempSync(join(tmpdir(), 'diffusion-bench-'));
try {
  await esbuild.build({
    entryPoints: [join(root, 'bench/main.ts')],
    outfile: join(out, 'bench.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    nodePaths: [join(root, 'node_modules')],
    logLevel: 'warning',
  });
  // BENCH_CPU_PROF=<dir>: a CPU profile of the bench's own process (relay, protocol server, harness).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  run([...profile, join(out, 'bench.cjs'), ...process.argv.slice(2)], { BENCH_ROOT: root, NODE_PATH: join(root, 'node_modules') });
} finally {
  rmSync(out, { recursive: true, force: true });
}
