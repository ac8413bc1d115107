// Builds the two bundles Figma loads: dist/code.js (the controller, Figma's sandbox) and
// dist/ui.html (the panel, one file with its JS and CSS inlined, because Figma loads the
// UI from a string). `--watch` rebuilds both on change.
import * as esbuild from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const watch = process.argv.includes('--watch');
// `BUILD_READABLE=1`: names kept, for reading a CPU profile (npm run bench -- --trace).
const minify = process.env.BUILD_READABLE !== '1';

const controller = {
  entryPoints: [join(root, 'plugin/main.ts')],
  outfile: join(dist, 'code.js'),
  bundle: true,
  minify,
  format: 'iife',
  // Figma's sandbox runs an older JavaScript engine: es2017 is the target known to work there.
  target: 'es2017',
  logLevel: 'warning',
};

const ui = {
  entryPoints: [join(root, 'ui/main.tsx')],
  bundle: true,
  minify,
  write: false,
  outdir: dist,
  format: 'iife',
  target: 'es2020',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  loader: { '.css': 'css' },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  plugins: [
    {
      // replicate's index requires its whole package.json (1 KB of scripts and keywords) for
      // one field: its version, in the User-Agent it builds (which our fetch drops anyway).
      name: 'replicate-version-only',
      setup(build) {
        build.onLoad({ filter: /[\\/]node_modules[\\/]replicate[\\/]package\.json$/ }, async (args) => {
          const { version } = JSON.parse(await readFile(args.path, 'utf8'));
          return { contents: JSON.stringify({ version }), loader: 'json' };
        });
      },
    },
    {
      name: 'inline-into-html',
      setup(build) {
        build.onEnd(async (result) => {
          if (result.errors.length > 0) return;
          const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
          const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
          await writeFile(join(dist, 'ui.html'), page(js, css));
          if (watch) console.log(`[${new Date().toLocaleTimeString()}] built dist/ui.html`);
        });
      },
    },
  ],
};

function page(js, css) {
  // A literal "</script" inside the bundle would end the inline script early.
  const safeJs = js.replace(/<\/script/gi, '<\\/script');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<style>${css}</style></head>
<body><div id="app"></div><script>${safeJs}</script></body></html>
`;
}

/**
 * shared/design/spec-json-schema.json: the design spec's JSON schema, made from its valibot
 * schema here rather than in the panel, so the panel does not carry @valibot/to-json-schema
 * (13 KB minified). Committed, so jest and type checks need no build; written only when it
 * changed; tests/shared/spec-json-schema-file.test.ts fails if it drifts.
 */
async function writeSpecJsonSchema() {
  const file = join(root, 'shared/design/spec-json-schema.json');
  const built = await esbuild.build({
    entryPoints: [join(root, 'shared/design/generate-spec-json-schema.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
  });
  const url = `data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`;
  const { generateDesignJsonSchema } = await import(url);
  const json = `${JSON.stringify(generateDesignJsonSchema(), null, 2)}\n`;
  const before = await readFile(file, 'utf8').catch(() => '');
  if (json !== before) {
    await writeFile(file, json);
    console.log('wrote shared/design/spec-json-schema.json (new or changed with the design spec: commit it)');
  }
}

await mkdir(dist, { recursive: true });
await writeSpecJsonSchema();
if (watch) {
  const contexts = await Promise.all([esbuild.context(controller), esbuild.context(ui)]);
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('Watching plugin/, ui/ and shared/ for changes…');
} else {
  await Promise.all([esbuild.build(controller), esbuild.build(ui)]);
}
