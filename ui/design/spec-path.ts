import type { DesignSpec, FrameSpec, NodeSpec } from '../../shared/design/spec';

/**
 * Built frames carry their place in the spec as a path: "2" is section 2, "2.0.1" the
 * second child of its first child. These read and replace the frame at a path.
 */
export function specAtPath(spec: DesignSpec, path: string): FrameSpec | undefined {
  const [first, ...rest] = steps(path);
  if (first === undefined) return undefined;
  let node: NodeSpec | undefined = spec.sections[first];
  for (const index of rest) node = node?.kind === 'frame' ? node.children[index] : undefined;
  return node?.kind === 'frame' ? node : undefined;
}

export function replaceAtPath(spec: DesignSpec, path: string, frame: FrameSpec): DesignSpec {
  const [first, ...rest] = steps(path);
  if (first === undefined || !spec.sections[first]) return spec;
  const replace = (node: FrameSpec, at: number[]): FrameSpec => {
    if (at.length === 0) return frame;
    const [index, ...more] = at;
    const child = node.children[index];
    if (child?.kind !== 'frame') return node;
    return { ...node, children: node.children.map((c, i) => (i === index ? replace(child, more) : c)) };
  };
  return { ...spec, sections: spec.sections.map((s, i) => (i === first ? replace(s, rest) : s)) };
}

function steps(path: string): number[] {
  if (!/^\d+(\.\d+)*$/.test(path)) return [];
  return path.split('.').map(Number);
}
