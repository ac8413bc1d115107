#!/usr/bin/env node
// `npm start`: builds the plugin (dist/code.js, dist/ui.html), then serves the playground
// (the built plugin in a browser page, against an in-page Figma) and the relay on localhost.
// With REPLICATE_API_TOKEN set the relay talks to Replicate; without it, to the offline demo
// backend (deterministic images drawn from the prompt and seed), labelled "demo".
// Env: PORT (5173), RELAY_PORT (8787), PLAYGROUND_HOST and RELAY_HOST (127.0.0.1; never the
// generic HOST shells and containers set). Ctrl+C stops everything.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'playground-server.mjs');

const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
if (built.status !== 0) process.exit(built.status ?? 1);

await build({
  entryPoints: [join(root, 'playground/server.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  // esbuild, sharp and @hono/node-server stay in node_modules.
  packages: 'external',
  logLevel: 'warning',
});

const { startPlayground, playgroundOptionsFromEnv } = await import(pathToFileURL(outfile).href);
const port = (name, fallback) => {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${name} must be a port number, got "${raw}"`);
    process.exit(1);
  }
  return n;
};

let playground;
try {
  playground = await startPlayground({
    root,
    port: port('PORT', 5173),
    relayPort: port('RELAY_PORT', 8787),
    ...playgroundOptionsFromEnv(process.env),
    log: process.env.RELAY_QUIET === '1' ? undefined : (line) => console.log(`relay: ${line}`),
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

console.log('');
console.log(`  Diffusion playground: ${playground.url}`);
console.log(`  Relay:                ${playground.relayUrl}`);
console.log(
  playground.demo
    ? '  Backend:              demo (offline; images are drawn from the prompt and seed). Set REPLICATE_API_TOKEN to use Replicate.'
    : '  Backend:              Replicate (api.replicate.com, with REPLICATE_API_TOKEN)',
);
console.log('  Ctrl+C stops it.');
console.log('');

let stopping = false;
const stop = async () => {
  if (stopping) process.exit(1);
  stopping = true;
  await playground.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
