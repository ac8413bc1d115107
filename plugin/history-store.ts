import { entryFromRecipe, packEntry, unpackEntry, type HistoryEntry } from '../shared/history';
import type { Recipe } from '../shared/recipe';
import { isPicked } from './logo/picks';
import { isGone, pageOf, readRecipe } from './node-info';

/**
 * The file's History: an index of its generations kept in the document's own plugin data,
 * so listing it never walks the pages (with dynamic page loading, each page walked is a page
 * loaded). Written when a recipe is written; a layer found deleted drops out. Bounded: in
 * chunks of CHUNK_SIZE entries (plugin data holds 100 kB an entry), at most MAX_CHUNKS; the
 * oldest chunk goes when a new one would exceed that. Plus this person's recent runs in any
 * file, in client storage (per user, never in the document).
 */
export const CHUNK_SIZE = 200;
export const MAX_CHUNKS = 10;
export const MAX_FILE_ENTRIES = CHUNK_SIZE * MAX_CHUNKS;
export const MAX_RECENT_RUNS = 200;

const CHUNKS_KEY = 'history-chunks';
const SPENT_KEY = 'history-spent';
const RECENT_KEY = 'recent-runs';
const chunkKey = (n: number) => `history-${n}`;

/** Parsed chunks, reused while their stored text is unchanged (another person may write too). */
const parsed = new Map<number, { raw: string; entries: HistoryEntry[] }>();

function chunkNumbers(root: DocumentNode = figma.root): number[] {
  try {
    const list = JSON.parse(root.getPluginData(CHUNKS_KEY) || '[]');
    return Array.isArray(list) ? list.filter((n): n is number => Number.isInteger(n)) : [];
  } catch {
    return [];
  }
}

function readChunk(n: number, root: DocumentNode = figma.root): HistoryEntry[] {
  const raw = root.getPluginData(chunkKey(n));
  const cached = parsed.get(n);
  if (cached && cached.raw === raw) return cached.entries;
  let entries: HistoryEntry[] = [];
  try {
    const rows = JSON.parse(raw || '[]');
    if (Array.isArray(rows)) entries = rows.map(unpackEntry).filter((e): e is HistoryEntry => !!e);
  } catch {
    // A damaged chunk is dropped, not fatal: the layers keep their recipes.
  }
  parsed.set(n, { raw, entries });
  return entries;
}

function writeChunk(n: number, entries: HistoryEntry[], root: DocumentNode = figma.root): void {
  const raw = JSON.stringify(entries.map(packEntry));
  root.setPluginData(chunkKey(n), raw);
  parsed.set(n, { raw, entries });
}

/** Every indexed generation, oldest first (what is queued included). */
export function readIndex(): HistoryEntry[] {
  writeQueuedEntries();
  return chunkNumbers().flatMap((n) => readChunk(n));
}

/**
 * Generations placed together are indexed together: a chunk is up to 200 entries in one JSON
 * string, rewritten whole for each write, and a 48-image grid wrote it 48 times between its
 * cells (~1.5 ms each in the playground, and each a change to the shared document). Queued per
 * document; written when results stop coming for a moment (as the recent runs are), no later
 * than RECENT_MAX_WAIT_MS, and at once when anything reads or changes the index, or the plugin
 * closes.
 */
let queued: { root: DocumentNode; entries: HistoryEntry[]; replacing: boolean; spent: number } | undefined;
const indexWrite = heldWrite(writeQueuedEntries);

function queueEntry(entry: HistoryEntry, replacing: boolean, cost: number | undefined): void {
  if (queued && queued.root !== figma.root) writeQueuedEntries();
  queued ??= { root: figma.root, entries: [], replacing: false, spent: 0 };
  // A layer filled again before the write: its newest recipe is the one indexed.
  const at = queued.entries.findIndex((e) => e.nodeId === entry.nodeId);
  if (at >= 0) queued.entries.splice(at, 1);
  queued.entries.push(entry);
  queued.replacing ||= replacing;
  queued.spent += cost ?? 0;
  indexWrite.hold();
}

/** Writes the queued entries (and their cost) into their document's index now. */
export function writeQueuedEntries(): void {
  indexWrite.settle();
  const q = queued;
  queued = undefined;
  if (!q) return;
  addEntries(q.entries, q.replacing, q.root);
  if (q.spent) addSpent(q.spent, q.root);
}


/** Called wherever a recipe is written on a layer (recipe-store.ts). */
export function recordGeneration(node: SceneNode, recipe: Recipe, replacing = true): void {
  const page = pageOf(node);
  if (!page) return;
  const entry = entryFromRecipe(node.id, page.id, recipe, isPicked(node));
  queueEntry(entry, replacing, recipe.cost);
  rememberRun({ ...entry, file: figma.root.name });
}

/**
 * Adds entries, replacing any for the same layer (a layer filled again in place). `replacing`
 * false: none of these layers is indexed yet (a first recipe), so only the last chunk is read,
 * not every chunk of a long history for each image placed.
 */
export function addEntries(entries: HistoryEntry[], replacing = true, root: DocumentNode = figma.root): void {
  const replaced = new Set(entries.map((e) => e.nodeId));
  let numbers = chunkNumbers(root);
  for (const n of replacing ? numbers : []) {
    const chunk = readChunk(n, root);
    if (chunk.some((e) => replaced.has(e.nodeId))) writeChunk(n, chunk.filter((e) => !replaced.has(e.nodeId)), root);
  }
  // Filled up chunk by chunk: each chunk written once however many entries it takes.
  let rest = entries;
  while (rest.length > 0) {
    const last = numbers[numbers.length - 1];
    const chunk = last === undefined ? undefined : readChunk(last, root);
    if (last !== undefined && chunk && chunk.length < CHUNK_SIZE) {
      const room = CHUNK_SIZE - chunk.length;
      writeChunk(last, [...chunk, ...rest.slice(0, room)], root);
      rest = rest.slice(room);
      continue;
    }
    const next = (last ?? -1) + 1;
    writeChunk(next, rest.slice(0, CHUNK_SIZE), root);
    rest = rest.slice(CHUNK_SIZE);
    numbers = [...numbers, next];
    while (numbers.length > MAX_CHUNKS) {
      const oldest = numbers.shift()!;
      root.setPluginData(chunkKey(oldest), '');
      parsed.delete(oldest);
    }
    root.setPluginData(CHUNKS_KEY, JSON.stringify(numbers));
  }
}

/** Drops these layers' entries; returns how many went. */
export function removeEntries(nodeIds: Iterable<string>): number {
  writeQueuedEntries();
  const gone = new Set(nodeIds);
  let removed = 0;
  for (const n of chunkNumbers()) {
    const chunk = readChunk(n);
    const kept = chunk.filter((e) => !gone.has(e.nodeId));
    if (kept.length !== chunk.length) {
      removed += chunk.length - kept.length;
      writeChunk(n, kept);
    }
  }
  return removed;
}

/**
 * Checks the entries on one page against its layers (only that page: it is loaded), drops the
 * deleted ones and refreshes the picked flags. Returns the entries as they now stand.
 */
export async function reconcilePage(pageId: string): Promise<HistoryEntry[]> {
  const entries = readIndex();
  const gone: string[] = [];
  const pickChanged = new Map<string, boolean>();
  for (const entry of entries) {
    if (entry.pageId !== pageId) continue;
    const node = await figma.getNodeByIdAsync(entry.nodeId);
    if (!node || isGone(node) || pageOf(node)?.id !== pageId) {
      gone.push(entry.nodeId);
    } else if (isPicked(node) !== !!entry.picked) {
      pickChanged.set(entry.nodeId, isPicked(node));
    }
  }
  if (gone.length) removeEntries(gone);
  if (pickChanged.size) setPickedInIndex(pickChanged);
  return gone.length || pickChanged.size ? readIndex() : entries;
}

export function setPickedInIndex(picked: Map<string, boolean>): void {
  writeQueuedEntries();
  for (const n of chunkNumbers()) {
    const chunk = readChunk(n);
    if (!chunk.some((e) => picked.has(e.nodeId) && picked.get(e.nodeId) !== !!e.picked)) continue;
    writeChunk(
      n,
      chunk.map((e) => {
        if (!picked.has(e.nodeId)) return e;
        const { picked: _old, ...rest } = e;
        return picked.get(e.nodeId) ? { ...rest, picked: true } : rest;
      }),
    );
  }
}

/** What generating in this file has cost, deleted layers included (they were paid for). */
export function fileSpent(): number {
  writeQueuedEntries();
  return storedSpent(figma.root);
}

function storedSpent(root: DocumentNode): number {
  const spent = Number(root.getPluginData(SPENT_KEY));
  return Number.isFinite(spent) ? spent : 0;
}

function addSpent(usd: number, root: DocumentNode): void {
  root.setPluginData(SPENT_KEY, String(Math.round((storedSpent(root) + usd) * 1e6) / 1e6));
}

let recentWrites: Promise<void> = Promise.resolve();
let unsaved: HistoryEntry[] = [];
const recentWrite = heldWrite(() => void saveRecentRuns());
/**
 * A run's results go to the recent-runs list together: a 48-image grid was 48 reads and
 * writes of the whole 200-row list in client storage, between its cells.
 */
export const RECENT_WRITE_DELAY_MS = 300;
/** However long results keep coming, the oldest unsaved one waits no longer than this. */
export const RECENT_MAX_WAIT_MS = 2000;

/**
 * A write held while results keep coming (the recent runs, the file's index): made
 * RECENT_WRITE_DELAY_MS after the last `hold`, and no later than RECENT_MAX_WAIT_MS after the
 * first. `settle` is called by the write itself, made on time or early: nothing is left pending.
 */
function heldWrite(write: () => void): { hold(): void; settle(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstAt: number | undefined;
  return {
    hold() {
      firstAt ??= Date.now();
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(write, Math.min(RECENT_WRITE_DELAY_MS, Math.max(0, firstAt + RECENT_MAX_WAIT_MS - Date.now())));
    },
    settle() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      firstAt = undefined;
    },
  };
}

/** This person's recent runs in any file, newest first, at most MAX_RECENT_RUNS. */
export async function readRecentRuns(): Promise<HistoryEntry[]> {
  await saveRecentRuns();
  const stored = await figma.clientStorage.getAsync(RECENT_KEY);
  return Array.isArray(stored) ? stored.map(unpackEntry).filter((e): e is HistoryEntry => !!e) : [];
}

function rememberRun(entry: HistoryEntry): void {
  unsaved.unshift(entry);
  // Written once results stop coming for a moment: a grid's cells arrive over a few hundred
  // milliseconds, and a write between them held up the cells still to be placed.
  recentWrite.hold();
}

/**
 * Writes the runs remembered since the last write, now (also when the plugin closes). One
 * write at a time, each reading the last and taking every run since: none lost to a race.
 */
export function saveRecentRuns(): Promise<void> {
  recentWrite.settle();
  if (unsaved.length === 0) return recentWrites;
  recentWrites = recentWrites
    .then(async () => {
      if (unsaved.length === 0) return;
      const stored = await figma.clientStorage.getAsync(RECENT_KEY);
      const rows = Array.isArray(stored) ? stored : [];
      const fresh = unsaved.slice(0, MAX_RECENT_RUNS).map(packEntry);
      unsaved = [];
      await figma.clientStorage.setAsync(RECENT_KEY, [...fresh, ...rows].slice(0, MAX_RECENT_RUNS));
    })
    .catch(() => undefined);
  return recentWrites;
}

/**
 * Keeps the index in step with the current page while the plugin runs: a layer with a
 * recipe that comes back (undo of a delete) is indexed again, and `onChange` is told about
 * deletions so an open History can re-list (which drops them). PageNode 'nodechange', not
 * 'documentchange': the latter needs every page loaded under dynamic page loading.
 */
export function watchHistory(onChange: () => void): () => void {
  let page: PageNode | undefined;
  const onNodeChange = (event: NodeChangeEvent) => {
    let changed = false;
    // Read only for a layer created (a grid's placements are property changes, one event each).
    let known: Set<string> | undefined;
    for (const change of event.nodeChanges) {
      if (change.type === 'DELETE') changed = true;
      if (change.type !== 'CREATE' || change.node.removed || isGone(change.node as SceneNode)) continue;
      known ??= new Set(readIndex().map((e) => `${e.predictionId}#${e.outputIndex}`));
      for (const node of withDescendants(change.node as SceneNode)) {
        const recipe = readRecipe(node);
        if (!recipe?.predictionId || known.has(`${recipe.predictionId}#${recipe.outputIndex}`)) continue;
        const entry = entryFromRecipe(node.id, figma.currentPage.id, recipe, isPicked(node));
        addEntries([entry]);
        known.add(`${recipe.predictionId}#${recipe.outputIndex}`);
        changed = true;
      }
    }
    if (changed) onChange();
  };
  const follow = () => {
    page?.off('nodechange', onNodeChange);
    page = figma.currentPage;
    page.on('nodechange', onNodeChange);
  };
  follow();
  figma.on('currentpagechange', follow);
  return () => {
    page?.off('nodechange', onNodeChange);
    figma.off('currentpagechange', follow);
  };
}

function withDescendants(node: SceneNode): SceneNode[] {
  return 'findAll' in node ? [node, ...node.findAll(() => true)] : [node];
}
