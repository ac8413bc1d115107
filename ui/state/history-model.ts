import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { filterHistory, type HistoryEntry } from '../../shared/history';
import type { TrainedStyle } from '../../shared/training/style';
import type { PluginChannel } from '../plugin-channel';

/** Rows drawn at once; more on request (a large file has up to 2,000). */
export const HISTORY_PAGE = 40;

export interface HistoryActions {
  /** Selects layers on the canvas, saying so when they are gone (the job list's). */
  selectNodes(nodeIds: string[]): Promise<void>;
  /** Fills the Generate form with this generation's prompt, model, seed and ratio. */
  reuse(entry: HistoryEntry): void;
  /** Opens the Refine tab on this layer. */
  refine(entry: HistoryEntry): void;
}

/**
 * The History tab's state: the file's generations (from the document's index) and this
 * person's recent runs across files, searched and filtered here; thumbnails asked of the
 * controller for the rows in view and kept for the session.
 */
export function createHistoryModel(
  plugin: Pick<PluginChannel, 'request' | 'on'>,
  actions: HistoryActions,
  /** The person's trained styles, for each row's lineage (which style made it, which picks trained one). */
  styles: ReadonlySignal<TrainedStyle[]> = signal([]),
) {
  const file = signal<HistoryEntry[]>([]);
  const recent = signal<HistoryEntry[]>([]);
  const fileSpent = signal(0);
  const currentPageId = signal('');
  const pages = signal<Record<string, string>>({});
  const loaded = signal(false);
  const problem = signal('');
  const scope = signal<'file' | 'recent'>('file');
  const query = signal('');
  const model = signal('');
  const tool = signal('');
  const pickedOnly = signal(false);
  const limit = signal(HISTORY_PAGE);
  const thumbnails = signal<Record<string, string>>({});
  const asked = new Set<string>();

  const source = computed(() => (scope.value === 'file' ? file.value : recent.value));
  const shown = computed(() =>
    filterHistory(source.value, { query: query.value, model: model.value, tool: tool.value, picked: pickedOnly.value }),
  );
  const models = computed(() => [...new Set(source.value.map((e) => e.model))].sort());
  const tools = computed(() => [...new Set(source.value.map((e) => e.tool))].sort());
  /** What "Show the picks" last found, said in the tab beside the list. */
  const lineageNote = signal('');

  /** The style a generation ran on (its recipe names `owner/name:version`, the style's model). */
  function styleOf(entry: HistoryEntry): TrainedStyle | undefined {
    const model = entry.model.split(':')[0];
    return styles.value.find((s) => s.model === model);
  }

  const trainedByNode = computed(() => {
    const byNode = new Map<string, TrainedStyle[]>();
    for (const style of styles.value) for (const id of style.pickIds) byNode.set(id, [...(byNode.get(id) ?? []), style]);
    return byNode;
  });
  /**
   * The styles this picked layer trained. Only in this file's list and only for picked rows:
   * a style keeps layer ids, which mean nothing in another file.
   */
  function trainedBy(entry: HistoryEntry): TrainedStyle[] {
    if (scope.value !== 'file' || !entry.picked) return [];
    return trainedByNode.value.get(entry.nodeId) ?? [];
  }

  /** The picked layers in view, to train a style on from History (its "picked" filter on). */
  const picksShown = computed(() => (scope.value === 'file' && pickedOnly.value ? shown.value.filter((e) => e.picked).map((e) => e.nodeId) : []));

  /** Selects the layers a style was trained on and says how many are still here. */
  async function showPicks(style: TrainedStyle): Promise<void> {
    const total = style.pickIds.length;
    const picks = `${total} ${total === 1 ? 'pick' : 'picks'} that trained ${style.label}`;
    try {
      const { selected, missing } = await plugin.request('selectNodes', { nodeIds: style.pickIds });
      const elsewhere = total - selected - missing;
      if (selected === 0) {
        lineageNote.value = missing === total ? `The ${picks} are gone from this file: deleted, or picked in another file.` : `Could not select the ${picks}.`;
      } else {
        const parts = [
          selected === total ? `Selected the ${picks}` : `Selected ${selected} of the ${picks}`,
          missing ? `${missing} ${missing === 1 ? 'was' : 'were'} deleted` : '',
          elsewhere > 0 ? `${elsewhere} ${elsewhere === 1 ? 'is' : 'are'} on other pages` : '',
        ].filter(Boolean);
        lineageNote.value = `${parts.join('; ')}.`;
      }
    } catch {
      lineageNote.value = `Could not select the ${picks} on the canvas.`;
    }
  }

  let listing: Promise<void> | undefined;
  function refresh(): Promise<void> {
    listing ??= (async () => {
      try {
        const list = await plugin.request('listHistory', {});
        file.value = list.file;
        recent.value = list.recent;
        fileSpent.value = list.fileSpent;
        currentPageId.value = list.currentPageId;
        pages.value = Object.fromEntries(list.pages.map((p) => [p.id, p.name]));
        problem.value = '';
      } catch {
        problem.value = 'Could not read this file’s history. Close and reopen the plugin to try again.';
      } finally {
        loaded.value = true;
        listing = undefined;
      }
    })();
    return listing;
  }

  /** A row in view on the current page asks once for its picture. */
  async function thumbnail(entry: HistoryEntry): Promise<void> {
    if (entry.pageId !== currentPageId.value || asked.has(entry.nodeId)) return;
    asked.add(entry.nodeId);
    try {
      const { png } = await plugin.request('historyThumbnail', { nodeId: entry.nodeId });
      if (!png) return;
      const url = URL.createObjectURL(new Blob([png as BlobPart], { type: 'image/png' }));
      thumbnails.value = { ...thumbnails.value, [entry.nodeId]: url };
    } catch {
      // A row without a picture still says what it is.
    }
  }

  async function select(entry: HistoryEntry): Promise<void> {
    await actions.selectNodes([entry.nodeId]);
    // The page may have changed, or the layer turned out deleted: list again.
    await refresh();
  }

  function refine(entry: HistoryEntry): void {
    void actions.selectNodes([entry.nodeId]).then(() => actions.refine(entry));
  }

  let changeTimer: ReturnType<typeof setTimeout> | undefined;
  /** `visible`: whether the tab is open, so a change is listed again only when someone looks. */
  function watch(visible: () => boolean): void {
    plugin.on('historyChanged', () => {
      clearTimeout(changeTimer);
      changeTimer = setTimeout(() => visible() && void refresh(), 300);
    });
  }

  return {
    file, recent, fileSpent, currentPageId, pages, loaded, problem, scope, query, model, tool, pickedOnly, limit,
    thumbnails, source, shown, models, tools, refresh, thumbnail, select, refine, reuse: actions.reuse, watch,
    styles, styleOf, trainedBy, picksShown, showPicks, lineageNote,
  };
}

export type HistoryModel = ReturnType<typeof createHistoryModel>;
