import type { Typography } from '../../shared/design/spec';
import type { FontBook } from './fonts';
import type { PaletteBinding } from './palette';
import type { BuildContext } from './build-node';

/** A design being built, between its messages (memory only, like a run). */
export interface DesignSession {
  id: string;
  frame: FrameNode;
  page: PageNode;
  /** Where new sections go: the frame itself, or the spot a redesigned node was taken from. */
  into: { parent: FrameNode; index: number; path: string } | undefined;
  ctx?: BuildContext & { palette: PaletteBinding; fonts: FontBook; typography: Typography };
  collectionId?: string;
  parentId?: string;
}

const sessions = new Map<string, DesignSession>();

export function openDesign(session: DesignSession): void {
  sessions.set(session.id, session);
}

export function getDesign(id: string): DesignSession | undefined {
  return sessions.get(id);
}

export function closeDesign(id: string): void {
  sessions.delete(id);
}

/** Designs still being built: removed when the plugin closes, so none is left half-made. */
export function openDesigns(): DesignSession[] {
  return [...sessions.values()];
}
