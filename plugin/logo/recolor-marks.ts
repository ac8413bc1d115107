import { NamedError } from '../../shared/errors';
import { isGone } from '../node-info';
import { brandVariables } from './brand-kit-store';
import { darkest, inverseMap, mapByLuminanceRank, monoMap } from './colour-map';
import { copyMark, derivedName, finishLocal, markDerived, placeBeside } from './derived-layer';
import { applyColourMap, backgroundColour, isBitmapOnly, markColours, solid } from './mark-paints';
import { commitUndoStep } from '../undo-step';

type RecolorTool = 'recolor' | 'mono' | 'inverse';
const SUFFIX: Record<RecolorTool, string> = { recolor: 'Recolor', mono: 'Mono', inverse: 'Inverse' };
const FALLBACK_INK = '#111111';

/**
 * Recolor to palette, Mono and Inverse: each selected mark is copied beside itself and the
 * copy's colours rewritten; the source is never touched. Kit colours are bound to the kit's
 * variables, so editing the kit later re-themes the copies too.
 */
export async function recolorMarks(request: { tool: RecolorTool; nodeIds: string[]; color?: string }): Promise<{ placed: string[]; notes: string[] }> {
  const kit = await brandVariables();
  const palette = kit.map((k) => k.hex);
  if (request.tool === 'recolor' && palette.length === 0) {
    throw new NamedError('NoBrandKit', 'Add the brand colours to the Brand kit first: Recolor maps the mark onto them.');
  }
  const bound = (hex: string): SolidPaint => {
    const variable = kit.find((k) => k.hex === hex)?.variable;
    return variable ? figma.variables.setBoundVariableForPaint(solid(hex), 'color', variable) : solid(hex);
  };

  const sources: SceneNode[] = [];
  const notes: string[] = [];
  for (const id of request.nodeIds) {
    const node = await figma.getNodeByIdAsync(id);
    if (!node || isGone(node) || !('visible' in node)) continue;
    if (isBitmapOnly(node as SceneNode)) {
      notes.push(`“${node.name}” is a bitmap: Vectorize it first, then ${SUFFIX[request.tool].toLowerCase()} the vectors.`);
      continue;
    }
    sources.push(node as SceneNode);
  }
  if (sources.length === 0) {
    throw new NamedError('NotVectors', notes[0] ?? 'Select a vector mark (an SVG result, or Vectorize an image first).');
  }

  commitUndoStep();
  const placed: SceneNode[] = [];
  for (const source of sources) {
    const colours = markColours(source);
    const background = backgroundColour(source);
    const ink = request.color ?? darkest(palette) ?? FALLBACK_INK;
    const map =
      request.tool === 'recolor'
        ? mapByLuminanceRank(colours, palette)
        : request.tool === 'mono'
          ? monoMap(colours, ink, background)
          : inverseMap(colours);
    const copy = copyMark(source);
    applyColourMap(copy, map, bound);
    if (request.tool === 'inverse' && !background && 'fills' in copy && copy.type === 'FRAME') {
      // A mark with no backdrop of its own gets one: light marks on the canvas's white vanish.
      copy.fills = [solid('#141414')];
    }
    copy.name = derivedName(source, SUFFIX[request.tool]);
    placeBeside(source, [copy]);
    const input: Record<string, unknown> =
      request.tool === 'recolor' ? { palette } : request.tool === 'mono' ? { color: ink } : {};
    markDerived(copy, source, request.tool, input);
    placed.push(copy);
  }
  finishLocal(placed);
  return { placed: placed.map((n) => n.id), notes };
}
