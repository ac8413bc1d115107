import { NamedError } from '../../shared/errors';
import { isGone } from '../node-info';
import { loadBrandFont } from './brand-font';
import { loadBrandKit } from './brand-kit-store';
import { copyMark, rescaleMark, derivedName, finishLocal, markDerived, placeBeside } from './derived-layer';
import { backgroundColour, solid } from './mark-paints';
import { commitUndoStep } from '../undo-step';

/** Mark heights in the two lockups, and the name's size relative to them (type-to-mark ratios common in brand guides). */
const HORIZONTAL = { mark: 120, text: 0.5, gap: 0.3 };
const STACKED = { mark: 160, text: 0.3, gap: 0.15 };

/**
 * Horizontal and stacked lockups of a mark: auto-layout frames holding a copy of the mark
 * and the brand name as real text in the kit's font, so both stay editable (retype the
 * name, swap the mark, change the spacing) in Figma.
 */
export async function buildLockups(nodeId: string): Promise<{ placed: string[]; notes: string[] }> {
  const source = await figma.getNodeByIdAsync(nodeId);
  if (!source || isGone(source) || !('visible' in source)) throw new NamedError('NotFound', 'The selected mark is gone.');
  const mark = source as SceneNode;
  const kit = await loadBrandKit();
  const name = kit.name.trim();
  if (!name) throw new NamedError('NoBrandName', 'Type the brand name in the Brand kit first: the lockups set it beside the mark.');
  const { font, note } = await loadBrandFont(kit.font);
  const ground = backgroundColour(mark);
  const ink = kit.colors.length > 0 ? darkestOf(kit.colors) : '#111111';

  commitUndoStep();
  const frames = (['horizontal', 'stacked'] as const).map((kind) => {
    const spec = kind === 'horizontal' ? HORIZONTAL : STACKED;
    const frame = figma.createFrame();
    frame.name = derivedName(mark, kind === 'horizontal' ? 'Lockup horizontal' : 'Lockup stacked');
    frame.layoutMode = kind === 'horizontal' ? 'HORIZONTAL' : 'VERTICAL';
    frame.primaryAxisSizingMode = 'AUTO';
    frame.counterAxisSizingMode = 'AUTO';
    frame.counterAxisAlignItems = 'CENTER';
    frame.itemSpacing = Math.round(spec.mark * spec.gap);
    const pad = Math.round(spec.mark * 0.25);
    frame.paddingLeft = frame.paddingRight = frame.paddingTop = frame.paddingBottom = pad;
    // The mark's own backdrop colour runs under the name, so the lockup reads as one piece.
    frame.fills = [solid(ground ?? '#ffffff')];

    const copy = copyMark(mark);
    rescaleMark(copy, spec.mark / Math.max(1, copy.height));
    frame.appendChild(copy);
    copy.name = 'Mark';

    const text = figma.createText();
    text.fontName = font;
    text.characters = name;
    text.fontSize = Math.round(spec.mark * spec.text);
    text.fills = [solid(ground && ground.toLowerCase() !== '#ffffff' && isDark(ground) ? '#ffffff' : ink)];
    text.name = 'Brand name';
    frame.appendChild(text);
    markDerived(frame, mark, 'lockup', { layout: kind, name, font: font.family });
    return frame;
  });
  placeBeside(mark, frames);
  finishLocal(frames);
  return { placed: frames.map((f) => f.id), notes: note ? [note] : [] };
}

function darkestOf(colors: string[]): string {
  return [...colors].sort((a, b) => lightness(a) - lightness(b))[0];
}
function lightness(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return 0.2126 * ((n >> 16) & 255) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255);
}
function isDark(hex: string): boolean {
  return lightness(hex) < 110;
}
