import * as v from 'valibot';
import { HistoryEntrySchema } from '../history';

/**
 * History and cost, part of the one message contract (contract.ts spreads these in): the
 * file's generations and this person's recent runs, thumbnails on demand, the per-run budget.
 */
const id = v.pipe(v.string(), v.minLength(1));
const bytes = v.custom<Uint8Array>(
  (x) => Object.prototype.toString.call(x) === '[object Uint8Array]',
  'Expected image bytes as a Uint8Array',
);
const usd = v.pipe(v.number(), v.minValue(0), v.maxValue(1_000_000));

export const historyRequests = {
  /**
   * The file's indexed generations (oldest first; entries on the current page are checked
   * against its layers first, so deleted ones are gone), this person's recent runs in any
   * file (newest first), what this file's runs have cost, and the page names.
   */
  listHistory: {
    payload: v.object({}),
    result: v.object({
      file: v.array(HistoryEntrySchema),
      recent: v.array(HistoryEntrySchema),
      fileSpent: usd,
      currentPageId: v.string(),
      pages: v.array(v.object({ id, name: v.string() })),
    }),
  },
  /** A small PNG of a layer for its History row; none when the layer is gone or not on the current page. */
  historyThumbnail: {
    payload: v.object({ nodeId: id }),
    result: v.object({ png: v.optional(bytes) }),
  },
  /** The most a run may be estimated to cost before the panel asks first (client storage). */
  loadBudget: { payload: v.object({}), result: v.object({ usd }) },
  saveBudget: { payload: v.object({ usd }), result: v.undefined() },
} as const;

export const historyEvents = {
  /** The file's history changed (a layer with a recipe was deleted or came back). */
  historyChanged: v.object({}),
} as const;
