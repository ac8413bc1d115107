#!/usr/bin/env node
// `npm run relay`: bundles relay/node.ts with esbuild into dist/relay.mjs and runs it
// in this process. Env: PORT (8787), RELAY_HOST (127.0.0.1; never the generic HOST),
// REPLICATE_API_TOKEN (then RELAY_CLIENT_KEYS or RELAY_ALLOW_ANONYMOUS=1), and the rest of
// the table in relay/README.md.
// Ctrl+C stops it (the relay closes its server and exits 0).
// `node scripts/run-relay.mjs --build` only writes the bundle.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'relay.mjs');

await build({
  stdin: {
    contents: "export { main, startRelay } from './relay/node.ts';\nexport { createRelay, configFromEnv } from './relay/handler.ts';\n",
    resolveDir: root,
    sourcefile: 'relay-entry.ts',
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  sourcemap: 'linked',
  logLevel: 'warning',
  // CommonJS dependencies may call require() on Node built-ins; give the ESM bundle one.
  banner: { js: "import { createRequire as __relayCreateRequire } from 'node:module'; const require = __relayCreateRequire(import.meta.url);" },
});

if (!process.argv.includes('--build')) {
  const relay = await import(pathToFileURL(outfile).href);
  await relay.main(process.env);
}
