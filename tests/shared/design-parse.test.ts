import * as v from 'valibot';
import { parseDesign, repairPrompt } from '../../shared/design/parse-design';
import { normalizeSpec } from '../../shared/design/normalize-spec';
import { extractJson } from '../../shared/design/extract-json';
import { EXAMPLE_SPEC } from '../../shared/design/example-spec';
import { DEFAULT_PALETTE, DEFAULT_TYPOGRAPHY } from '../../shared/design/defaults';
import { DesignSpecSchema, SPEC_LIMITS, type DesignSpec, type NodeSpec } from '../../shared/design/spec';

const good = JSON.stringify(EXAMPLE_SPEC);
const clone = (): DesignSpec => JSON.parse(good);

function withSections(sections: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...clone(), sections, ...extra });
}

function walk(nodes: NodeSpec[], visit: (n: NodeSpec, depth: number) => void, depth = 1): void {
  for (const n of nodes) {
    visit(n, depth);
    if (n.kind === 'frame') walk(n.children, visit, depth + 1);
  }
}
const all = (spec: DesignSpec) => {
  const out: { node: NodeSpec; depth: number }[] = [];
  walk(spec.sections, (node, depth) => out.push({ node, depth }));
  return out;
};

function nested(depth: number): unknown {
  let node: unknown = { kind: 'text', role: 'body', text: 'Deepest words' };
  for (let i = 0; i < depth; i++) node = { kind: 'frame', direction: 'vertical', children: [node] };
  return node;
}

type Row = [name: string, answer: string, check: (r: ReturnType<typeof parseDesign>) => void];

const table: Row[] = [
  ['not JSON at all', 'Here is a nice landing page with a hero and a footer.', (r) => {
    expect(r.spec).toBeUndefined();
    expect(r.problems[0]).toMatch(/not a design.*no JSON/i);
  }],
  ['an empty answer', '   ', (r) => expect(r.problems[0]).toMatch(/empty answer/)],
  ['fenced JSON with prose around it', `Sure! Here's the design:\n\n\`\`\`json\n${JSON.stringify(EXAMPLE_SPEC, null, 2)}\n\`\`\`\n\nLet me know if you want changes {or tweaks}.`, (r) => {
    expect(r.spec).toEqual(EXAMPLE_SPEC);
    expect(r.notes).toEqual([]);
  }],
  ['prose with braces before the JSON', `I used {three} sections [hero, features, footer]: ${good}`, (r) => expect(r.spec).toEqual(EXAMPLE_SPEC)],
  ['trailing commas and comments', good.replace(/}]/g, '},]').replace(/"v":1,/, '"v":1, // version\n /* tokens */'), (r) => {
    expect(r.spec).toEqual(EXAMPLE_SPEC);
    expect(r.notes.join(' ')).toMatch(/Repaired the model's JSON \(trailing commas\)/);
  }],
  ['unknown kinds', withSections([{ kind: 'frame', direction: 'vertical', children: [{ kind: 'carousel', speed: 3 }, { kind: 'video-embed' }, { kind: 'text', role: 'h1', text: 'Kept' }] }]), (r) => {
    expect(all(r.spec!).map((x) => x.node.kind)).toEqual(['frame', 'text']);
    expect(r.notes).toContain('Dropped 2 unknown elements (carousel, video-embed).');
  }],
  ['too deep', withSections([nested(40)]), (r) => {
    const nodes = all(r.spec!);
    expect(Math.max(...nodes.map((x) => x.depth))).toBeLessThanOrEqual(SPEC_LIMITS.depth);
    expect(nodes.some((x) => x.node.kind === 'text' && x.node.text === 'Deepest words')).toBe(true);
    expect(r.notes).toContain(`Flattened layers nested deeper than ${SPEC_LIMITS.depth} levels.`);
  }],
  ['10,000 nodes', withSections(Array.from({ length: 100 }, (_, s) => ({ kind: 'frame', direction: 'vertical', children: Array.from({ length: 99 }, (_, i) => ({ kind: 'text', role: 'body', text: `Item ${s}.${i}` })) }))), (r) => {
    expect(all(r.spec!).length).toBeLessThanOrEqual(SPEC_LIMITS.nodes);
    expect(r.spec!.sections.length).toBeLessThanOrEqual(SPEC_LIMITS.sections);
    expect(r.notes).toContain(`Kept the first ${SPEC_LIMITS.childrenPerFrame} children of 12 crowded frames.`);
    expect(r.notes.join(' ')).toMatch(/Kept the first 12 sections \(the answer had 100\)/);
  }],
  ['negative, NaN, string and percentage sizes', withSections([{ kind: 'frame', direction: 'row', width: '100%', height: -20, gap: '24px', padding: '16px 32px', children: [
    { kind: 'image', prompt: 'a cup of coffee', width: NaN, height: '240px' },
    { kind: 'shape', shape: 'circle', color: 'accent', width: 'abc', height: 48 },
  ] }]).replace('null', 'NaN'), (r) => {
    const section = r.spec!.sections[0];
    expect(section).toMatchObject({ direction: 'horizontal', width: 'fill', gap: 24, padding: [16, 32] });
    expect(section.height).toBeUndefined();
    expect(section.children[0]).toMatchObject({ kind: 'image', height: 240 });
    expect(section.children[0]).not.toHaveProperty('width');
    expect(section.children[1]).toMatchObject({ kind: 'shape', shape: 'ellipse', width: 48, height: 48 });
    expect(r.notes).toContain('Fixed 3 invalid sizes.');
  }],
  ['non-hex colours in the palette and raw colours on nodes', JSON.stringify({ ...clone(), palette: { background: 'white', surface: 'rgb(244, 244, 245)', primary: '#36c', onPrimary: 'hsl(0, 0%, 100%)', text: 'charcoal', muted: 'not a colour', accent: '#E0A526FF', border: '#ddd' },
    sections: [{ kind: 'frame', direction: 'vertical', fill: '#3366cc', children: [{ kind: 'text', role: 'body', text: 'Hi', color: 'sparkly' }] }] }), (r) => {
    expect(r.spec!.palette).toEqual({ background: '#ffffff', surface: '#f4f4f5', primary: '#3366cc', onPrimary: '#ffffff', text: '#36454f', muted: DEFAULT_PALETTE.muted, accent: '#e0a526', border: '#dddddd' });
    expect(r.spec!.sections[0].fill).toBe('primary');
    expect(r.spec!.sections[0].children[0]).not.toHaveProperty('color');
    expect(r.notes).toEqual(expect.arrayContaining(['Converted 7 palette colours to hex.', 'Filled 1 missing or unreadable palette colour with defaults.', 'Mapped 1 colour to the nearest palette colour.', 'Dropped 1 unknown colour.']));
  }],
  ['empty text', withSections([{ kind: 'frame', direction: 'vertical', children: [{ kind: 'text', role: 'h1', text: '  ' }, { kind: 'text', role: 'body', text: '' }, { kind: 'text', role: 'body', text: 'Real words' }] }]), (r) => {
    expect(r.spec!.sections[0].children).toHaveLength(1);
    expect(r.notes).toContain('Dropped 2 empty text layers.');
  }],
  ['huge strings', withSections([{ kind: 'frame', name: 'N'.repeat(500), direction: 'vertical', children: [{ kind: 'text', role: 'body', text: 'word '.repeat(100000) }, { kind: 'image', prompt: 'p'.repeat(5000) }] }], { title: 'T'.repeat(1000) }), (r) => {
    const section = r.spec!.sections[0];
    expect(section.name!.length).toBeLessThanOrEqual(60);
    expect((section.children[0] as { text: string }).text.length).toBeLessThanOrEqual(SPEC_LIMITS.textLength);
    expect((section.children[0] as { text: string }).text.endsWith('…')).toBe(true);
    expect(r.spec!.title.length).toBeLessThanOrEqual(80);
    expect(r.notes).toContain(`Shortened 1 long text to ${SPEC_LIMITS.textLength} characters.`);
  }],
  ['an unknown font (kept for the builder to fall back from)', JSON.stringify({ ...clone(), typography: { heading: 'Comic Papyrus Pro', body: "'Brand Sans', Helvetica, sans-serif", baseSize: '18px' } }), (r) => {
    expect(r.spec!.typography).toEqual({ heading: 'Comic Papyrus Pro', body: 'Brand Sans', baseSize: 18 });
  }],
  ['a refusal', "I'm sorry, but I can't help with designing that. It goes against my guidelines.", (r) => {
    expect(r.spec).toBeUndefined();
    expect(r.refusal).toMatch(/declined.*I'm sorry, but I can't help with designing that\./);
    expect(r.problems).toEqual([r.refusal]);
  }],
  ['a refusal with stray brackets', 'I cannot create that design [policy]. {Sorry}', (r) => expect(r.refusal).toMatch(/declined/)],
  ['truncated output (max tokens)', good.slice(0, good.indexOf('"name":"Footer"') + 40), (r) => {
    expect(r.truncated).toBe(true);
    expect(r.spec!.sections.map((s) => s.name)).toEqual(['Hero', 'Features']);
    expect(r.notes[0]).toBe("The model's answer was cut off (it reached its token limit); built the 2 complete sections.");
  }],
  ['truncated before any section', good.slice(0, good.indexOf('"sections"') + 30), (r) => {
    expect(r.spec).toBeUndefined();
    expect(r.truncated).toBe(true);
    expect(r.notes[0]).toMatch(/cut off.*before a section was complete/);
    expect(r.problems[0]).toMatch(/no sections/);
  }],
  ['missing palette and typography', JSON.stringify({ title: 'X', sections: clone().sections }), (r) => {
    expect(r.spec!.palette).toEqual(DEFAULT_PALETTE);
    expect(r.spec!.typography).toEqual(DEFAULT_TYPOGRAPHY);
    expect(r.spec!.v).toBe(1);
    expect(r.spec!.imageStyle).toBe('');
    expect(r.notes).toEqual(['The answer had no palette; used the default colours.', 'The answer had no typography; used Inter at 16 px.']);
  }],
  ['missing v and title', JSON.stringify({ ...clone(), v: undefined, title: undefined }), (r) => {
    expect(r.spec!.title).toBe('Untitled design');
    expect(r.notes).toContain('The answer had no title; named the design "Untitled design".');
  }],
  ['a single root frame instead of sections', JSON.stringify({ kind: 'frame', name: 'Coffee page', direction: 'vertical', children: clone().sections }), (r) => {
    expect(r.spec!.title).toBe('Coffee page');
    expect(r.spec!.sections.map((s) => s.name)).toEqual(['Hero', 'Features', 'Footer']);
    expect(r.notes).toContain("Used the root frame's children as the design's sections.");
  }],
  ['sections as an object keyed by name', JSON.stringify({ ...clone(), sections: { hero: { kind: 'frame', direction: 'vertical', children: [{ kind: 'text', role: 'h1', text: 'Hi' }] }, footer: { kind: 'frame', direction: 'horizontal', children: ['© 2025'] } } }), (r) => {
    expect(r.spec!.sections.map((s) => s.name)).toEqual(['Hero', 'Footer']);
    expect(r.spec!.sections[1].children[0]).toEqual({ kind: 'text', role: 'body', text: '© 2025' });
    expect(r.notes).toContain('Read the sections from an object instead of a list.');
  }],
  ['strings for numbers', withSections([{ kind: 'frame', direction: 'vertical', gap: '16', padding: ['8', '12'], radius: '12px', children: [{ kind: 'icon', name: 'star', size: '24' }] }]), (r) => {
    expect(r.spec!.sections[0]).toMatchObject({ gap: 16, padding: [8, 12], radius: 12 });
    expect(r.spec!.sections[0].children[0]).toEqual({ kind: 'icon', name: 'star', size: 24 });
  }],
  ['duplicate keys (the last wins)', good.replace('"title":"Trailhead – hiking app landing page"', '"title":"First","title":"Second"'), (r) => {
    expect(r.spec!.title).toBe('Second');
    expect(r.notes.join(' ')).toMatch(/repeated keys/);
  }],
  ['a BOM and odd whitespace', `\ufeff\u00a0\u2028${JSON.stringify(EXAMPLE_SPEC, null, '\t').replace(/\n/g, '\r\n\u00a0')}\u200b`, (r) => expect(r.spec).toEqual(EXAMPLE_SPEC)],
  ['single quotes, bare keys and bare words', "{v: 1, title: 'Bare', sections: [{kind: frame, direction: column, width: fill, children: [{kind: text, role: h1, text: 'Hello'}]}]}", (r) => {
    expect(r.spec!.sections[0]).toMatchObject({ direction: 'vertical', width: 'fill', children: [{ kind: 'text', role: 'h1', text: 'Hello' }] });
  }],
  ['missing commas and a stray trailing bracket', '{"title": "A" "sections": [{"kind": "frame" "direction": "vertical", "children": [{"kind":"text","role":"body","text":"x"}]}]}}]', (r) => {
    expect(r.spec!.title).toBe('A');
    expect(r.notes.join(' ')).toMatch(/missing commas/);
  }],
  ['the JSON double-encoded as a string', JSON.stringify(good), (r) => expect(r.spec).toEqual(EXAMPLE_SPEC)],
  ['HTML-ish aliases: button, heading, row, divider, avatar, unknown icon', withSections([{ type: 'row', children: [
    { type: 'heading', content: 'Plans' }, { type: 'button', text: 'Subscribe' }, { type: 'divider' }, { type: 'avatar', alt: 'a smiling barista' }, { type: 'icon', name: 'unicorn' }, { type: 'icon', icon: 'gear' },
  ] }]), (r) => {
    const kids = r.spec!.sections[0].children;
    expect(r.spec!.sections[0].direction).toBe('horizontal');
    expect(kids[0]).toEqual({ kind: 'text', role: 'h2', text: 'Plans' });
    expect(kids[1]).toMatchObject({ kind: 'frame', fill: 'primary', children: [{ kind: 'text', role: 'button', text: 'Subscribe', color: 'onPrimary' }] });
    expect(kids[2]).toMatchObject({ kind: 'shape', color: 'border', width: 'fill', height: 1 });
    expect(kids[3]).toMatchObject({ kind: 'image', prompt: 'a smiling barista', aspect: '1:1' });
    expect(kids[4]).toEqual({ kind: 'icon', name: 'settings' });
    expect(r.notes).toContain('Dropped 1 icon the builder cannot draw (unicorn).');
  }],
  ['loose text and images at the top level', withSections(['Just a headline', { kind: 'image', prompt: 'latte art' }]), (r) => {
    expect(r.spec!.sections).toHaveLength(2);
    expect(r.spec!.sections[0]).toMatchObject({ kind: 'frame', children: [{ kind: 'text', text: 'Just a headline' }] });
    expect(r.notes).toContain('Wrapped 2 loose elements in sections of their own.');
  }],
  ['a wrapper key around the design', JSON.stringify({ design: EXAMPLE_SPEC }), (r) => expect(r.spec).toEqual(EXAMPLE_SPEC)],
  ['a pathologically deep value', `{"title":"Deep","sections":[{"kind":"frame","direction":"vertical","children":[{"kind":"text","role":"body","text":"ok"}],"x":${'['.repeat(50000)}${']'.repeat(50000)}}]}`, (r) => {
    expect(r.spec!.sections[0].children).toEqual([{ kind: 'text', role: 'body', text: 'ok' }]);
  }],
  ['sections whose elements are all unbuildable', withSections([{ kind: 'frame', direction: 'vertical', children: [{ kind: 'sparkle' }] }, null, { kind: 'text', text: '' }]), (r) => {
    expect(r.spec).toBeUndefined();
    expect(r.problems).toEqual(['The answer had no sections that could be built.']);
    expect(r.notes).toEqual(expect.arrayContaining(['Dropped 1 unknown element (sparkle).', 'Dropped 1 empty text layer.']));
  }],
];

describe('parseDesign: bad language-model answers end in a valid spec with a note, or a clear message', () => {
  it.each(table)('%s', (_name, answer, check) => {
    let result!: ReturnType<typeof parseDesign>;
    expect(() => {
      result = parseDesign(answer);
    }).not.toThrow();
    if (result.spec) expect(v.safeParse(DesignSpecSchema, result.spec).issues).toBeUndefined();
    else expect(result.problems.length).toBeGreaterThan(0);
    check(result);
  });

  it('has at least 20 cases', () => expect(table.length).toBeGreaterThanOrEqual(20));

  it('never throws and always validates on mangled variants of a good answer', () => {
    // Deterministic pseudo-random damage: cut, delete, and duplicate spans of a good answer.
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const text = JSON.stringify(EXAMPLE_SPEC, null, 1);
    for (let i = 0; i < 300; i++) {
      const a = rand(text.length);
      const b = a + rand(40);
      const mangled = i % 3 === 0 ? text.slice(0, a) : i % 3 === 1 ? text.slice(0, a) + text.slice(b) : text.slice(0, b) + text.slice(a);
      const result = parseDesign(mangled);
      if (result.spec) expect(v.safeParse(DesignSpecSchema, result.spec).success).toBe(true);
      else expect(result.problems.length).toBeGreaterThan(0);
    }
  });
});

describe('normalizeSpec', () => {
  it('leaves a valid spec untouched, with no notes', () => {
    expect(normalizeSpec(clone())).toEqual({ spec: EXAMPLE_SPEC, notes: [], problems: [] });
  });

  it('reports a problem, not a spec, for things that are not designs', () => {
    for (const raw of [null, 42, 'text', []]) {
      const result = normalizeSpec(raw);
      expect(result.spec).toBeUndefined();
      expect(result.problems.length).toBe(1);
    }
  });

  it('derives a readable onPrimary from a primary the model gave', () => {
    const spec = normalizeSpec({ palette: { primary: '#ffe066' }, sections: clone().sections }).spec!;
    expect(spec.palette.onPrimary).toBe('#111111');
  });
});

describe('extractJson', () => {
  it('keeps the finished members of an object cut off mid-string', () => {
    const result = extractJson('{"title": "Cafe", "imageStyle": "warm li');
    expect(result).toMatchObject({ value: { title: 'Cafe' }, truncated: true });
  });

  it('drops the unfinished element of a list', () => {
    expect(extractJson('[{"a": 1}, {"a": 2, "b": [1, 2').value).toEqual([{ a: 1 }]);
  });
});

describe('repairPrompt', () => {
  it('includes the original request, each problem and the start of the previous answer', () => {
    const text = repairPrompt('Design a pricing page', ['sections.0.children.1.role: Invalid type', 'The answer had no sections that could be built.'], '{"title": "Pricing"');
    expect(text).toContain('Design a pricing page');
    expect(text).toContain('- sections.0.children.1.role: Invalid type');
    expect(text).toContain('- The answer had no sections that could be built.');
    expect(text).toContain('{"title": "Pricing"');
    expect(text).toMatch(/only the corrected JSON object/);
  });
});
