/**
 * The Node entry's kept-outputs store: one file per key under a folder, its content type in a
 * `.type` file beside it. Keys are made by the relay from checked segments (kept-outputs.ts),
 * and are checked again here so nothing outside the folder is ever touched.
 */
import { mkdir, readdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { KeptStore } from './kept-store';

const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

export function folderStore(folder: string): KeptStore {
  const root = resolve(folder);
  const pathOf = (key: string): string => {
    if (!KEY.test(key) || key.endsWith('.type')) throw new Error('invalid storage key');
    return join(root, ...key.split('/'));
  };
  async function walk(dir: string): Promise<string[]> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return [];
    }
    const out: string[] = [];
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) out.push(...(await walk(full)));
      else if (!entry.name.endsWith('.type')) out.push(relative(root, full).split(sep).join('/'));
    }
    return out;
  }
  return {
    async put(key, bytes, contentType) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(`${path}.type`, contentType);
      await writeFile(path, bytes);
    },
    async get(key) {
      const path = pathOf(key);
      let size: number;
      try {
        size = (await stat(path)).size;
      } catch {
        return undefined;
      }
      const contentType = await readFile(`${path}.type`, 'utf8').catch(() => 'application/octet-stream');
      const body = Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>;
      return { body, size, contentType };
    },
    async list(prefix) {
      return (await walk(root)).filter((key) => key.startsWith(prefix)).sort();
    },
    async delete(keys) {
      for (const key of keys) {
        const path = pathOf(key);
        await rm(path, { force: true });
        await rm(`${path}.type`, { force: true });
      }
      // Empty prediction folders go too.
      for (const dir of new Set(keys.map((k) => dirname(pathOf(k))))) {
        if (dir !== root) await rmdir(dir).catch(() => undefined);
      }
    },
  };
}
