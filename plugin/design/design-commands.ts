import { isGone } from '../node-info';
import { designOf } from './read-design';
import { openDesigns, closeDesign } from './design-sessions';

interface EventSink {
  emit(name: 'designAction', payload: { action: 'open' | 'regenerate-design' | 'new-images' | 'redesign-section'; frameId?: string; path?: string }): void;
}

const COMMANDS = ['design', 'regenerate-design', 'new-images', 'redesign-section'] as const;

/**
 * The menu command "Design from prompt…" and the relaunch buttons on a generated design.
 * Returns false for any other command.
 */
export function designCommand(command: string, channel: EventSink): boolean {
  if (!(COMMANDS as readonly string[]).includes(command)) return false;
  if (command === 'design') {
    channel.emit('designAction', { action: 'open' });
    return true;
  }
  const [node] = figma.currentPage.selection;
  const design = node && designOf(node);
  if (!design) {
    figma.notify('Select a generated design (or a section of one) first.');
    channel.emit('designAction', { action: 'open' });
    return true;
  }
  channel.emit('designAction', {
    action: command as 'regenerate-design' | 'new-images' | 'redesign-section',
    frameId: design.frameId,
    path: design.path,
  });
  return true;
}

/** The panel (and its language model) is gone: a design still being built would stay half-made. */
export function removeUnfinishedDesigns(): void {
  for (const design of openDesigns()) {
    if (!isGone(design.frame)) design.frame.remove();
    closeDesign(design.id);
  }
}
