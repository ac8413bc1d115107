import { build } from 'esbuild';
import { join } from 'node:path';

/**
 * relay/worker.ts bundled as a module Worker, the way wrangler deploys it, for Miniflare's
 * `script`. `root` is the repository: the bundled bench has no __dirname of this file.
 */
export async function workerScript(root: string): Promise<string> {
  const bundled = await build({
    entryPoints: [join(root, 'relay/worker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return bundled.outputFiles[0].text;
}
