import type { FakeFrameNode } from './containers';
import { checkPaints } from './paints-and-images';
import { FakeVectorNode } from './shapes';
import type { ParsedSvg } from './svg-import';

/** The vectors createNodeFromSvg puts in its frame: one per shape, placed in the frame's pixels. */
export function addSvgVectors(frame: FakeFrameNode, parsed: ParsedSvg): void {
  const k = Math.sqrt(parsed.scaleX * parsed.scaleY);
  for (const s of parsed.shapes) {
    const v = new FakeVectorNode(frame._ctx);
    frame._insertChildAt(frame._children!.length, v.asNode(), 'createNodeFromSvg');
    v._x = (s.x - parsed.minX) * parsed.scaleX;
    v._y = (s.y - parsed.minY) * parsed.scaleY;
    v._w = Math.max(0.01, s.width * parsed.scaleX);
    v._h = Math.max(0.01, s.height * parsed.scaleY);
    v._paths = Object.freeze([{ windingRule: s.windingRule, data: s.d }]);
    v._pathOrigin = { x: s.x, y: s.y, scaleX: parsed.scaleX, scaleY: parsed.scaleY };
    v._fills = checkPaints('fills', s.fills);
    v._strokes = checkPaints('strokes', s.strokes);
    v._strokeWeight = s.strokeWeight * k;
    v.strokeAlign = 'CENTER';
    v._opacity = s.opacity;
  }
}
