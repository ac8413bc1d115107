import type { PlaceOutcome } from '../../shared/messages/contract';
import type { Placement } from '../../shared/messages/placement-messages';
import { layerName } from '../../shared/layer-name';
import { writeRecipe } from '../recipe-store';
import { createFigmaImage } from './place-image';
import { markPlaced, resolveTarget } from './resolve-target';

type PlaceLayers = Extract<Placement, { kind: 'layers' }>;
type TextBox = PlaceLayers['texts'][number];

const FALLBACK: FontName = { family: 'Inter', style: 'Regular' };
const STYLE_WORDS = /[\s-]+(thin|extra ?light|light|regular|medium|semi ?bold|bold|extra ?bold|black|italic)$/i;

/**
 * "Split into layers": a frame where the target was, at its size, holding the text-free
 * image and one real text layer per box the model reported, each at its box (scaled from
 * the model's pixels to the frame), in its font where this computer has it, else Inter.
 */
export async function placeLayers(runId: string, request: PlaceLayers): Promise<PlaceOutcome> {
  const image = createFigmaImage(request.bytes);
  const destination = await resolveTarget({ runId, ...request });
  const target = destination.node;
  const parent = target.parent ?? figma.currentPage;
  const width = target.width;
  const height = destination.exact ? target.height : Math.max(1, Math.round((width * request.height) / request.width));

  const frame = figma.createFrame();
  const index = 'children' in parent ? (parent as ChildrenMixin).children.indexOf(target) : -1;
  if (index >= 0) (parent as ChildrenMixin).insertChild(index + 1, frame);
  else figma.currentPage.appendChild(frame);
  frame.x = target.x;
  frame.y = target.y;
  frame.resize(width, height);
  frame.name = request.name || layerName(request.recipe.prompt);
  frame.fills = [];
  frame.clipsContent = true;

  const background = figma.createRectangle();
  frame.appendChild(background);
  background.name = 'Background';
  background.resize(width, height);
  background.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }];

  const space = request.space ?? { width: request.width, height: request.height };
  const sx = width / space.width;
  const sy = height / space.height;
  const fonts = await loadFonts(request.texts);
  for (const box of request.texts) addText(frame, box, fonts.fontFor(box), sx, sy);

  // Our placeholder gives way to the frame; a person's own layer stays where it was.
  if (destination.kind === 'placeholder') target.remove();
  writeRecipe(frame, request.recipe);
  markPlaced(destination, frame.id);
  const note = [destination.note, ...fonts.notes].filter(Boolean).join(' ');
  return note ? { nodeId: frame.id, note } : { nodeId: frame.id };
}

function addText(frame: FrameNode, box: TextBox, font: FontName, sx: number, sy: number): void {
  const text = figma.createText();
  frame.appendChild(text);
  text.fontName = font;
  text.characters = box.text;
  const boxHeight = Math.max(1, box.height * sy);
  // The model's size where it gave one; else what fits the box's height (one line).
  text.fontSize = Math.max(1, Math.round((box.fontSize ? box.fontSize * sy : boxHeight / 1.25) * 10) / 10);
  text.name = box.text.replace(/\s+/g, ' ').trim().slice(0, 60);
  text.x = box.x * sx;
  text.y = box.y * sy;
  text.resize(Math.max(1, box.width * sx), boxHeight);
  // Fixed width, growing down: edited copy wraps inside the box instead of running off.
  text.textAutoResize = 'HEIGHT';
  if (box.align) text.textAlignHorizontal = box.align;
  if (box.color) text.fills = [{ type: 'SOLID', color: rgb(box.color) }];
}

async function loadFonts(boxes: TextBox[]): Promise<{ fontFor(box: TextBox): FontName; notes: string[] }> {
  const available = await figma.listAvailableFontsAsync();
  const styles = new Map<string, string[]>();
  for (const { fontName } of available) styles.set(fontName.family.toLowerCase(), [...(styles.get(fontName.family.toLowerCase()) ?? []), fontName.style]);
  const familyName = new Map(available.map(({ fontName }) => [fontName.family.toLowerCase(), fontName.family]));
  const notes: string[] = [];
  const chosen = new Map<string, FontName>();
  const wanted = (box: TextBox): FontName => {
    const asked = box.fontFamily ?? '';
    const styleWord = STYLE_WORDS.exec(asked)?.[1];
    const family = asked.replace(STYLE_WORDS, '').trim().toLowerCase();
    const have = styles.get(family);
    if (!have) {
      if (asked) {
        const note = `“${asked}” is not installed here, so Inter was used.`;
        if (!notes.includes(note)) notes.push(note);
      }
      return FALLBACK;
    }
    const pick = (styleWord && have.find((s) => s.replace(/\s/g, '').toLowerCase() === styleWord.replace(/\s/g, '').toLowerCase())) ?? have.find((s) => s === 'Regular') ?? have[0];
    return { family: familyName.get(family)!, style: pick };
  };
  for (const box of boxes) {
    const font = wanted(box);
    chosen.set(`${font.family}/${font.style}`, font);
  }
  const failed = new Set<string>();
  await Promise.all([...chosen].map(([key, font]) => figma.loadFontAsync(font).catch(() => failed.add(key))));
  // Inter is the fallback for anything that would not load, so it is always loaded.
  await figma.loadFontAsync(FALLBACK);
  if (failed.size > 0) notes.push('Some fonts could not be loaded, so Inter was used for them.');
  return {
    fontFor(box) {
      const font = wanted(box);
      return failed.has(`${font.family}/${font.style}`) ? FALLBACK : font;
    },
    notes,
  };
}

function rgb(hex: string): RGB {
  const n = parseInt(hex.slice(1), 16);
  return { r: ((n >> 16) & 255) / 255, g: ((n >> 8) & 255) / 255, b: (n & 255) / 255 };
}
