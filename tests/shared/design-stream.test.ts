import { SectionStream, type StreamEvent } from '../../shared/design/stream-sections';
import { parseDesign } from '../../shared/design/parse-design';
import { EXAMPLE_SPEC } from '../../shared/design/example-spec';

const answer = `Here is your design with {three} sections:\n\`\`\`json\n${JSON.stringify(EXAMPLE_SPEC, null, 2)}\n\`\`\`\nEnjoy!`;

/** Feeds `text` in pieces of the given sizes; records each event with how much text had arrived. */
function feed(text: string, sizes: () => number) {
  const stream = new SectionStream();
  const events: { event: StreamEvent; at: number }[] = [];
  let at = 0;
  while (at < text.length) {
    const piece = text.slice(at, at + Math.max(1, sizes()));
    at += piece.length;
    for (const event of stream.push(piece)) events.push({ event, at });
  }
  return { events, final: stream.end() };
}

function seeded(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return 1 + (seed % 60);
  };
}

describe('SectionStream', () => {
  it('emits the header, then each section once and in order, as soon as its closing brace arrives', () => {
    const { events, final } = feed(answer, () => 1);
    expect(events.map((e) => e.event.type)).toEqual(['header', 'section', 'section', 'section']);
    const [header, ...sections] = events.map((e) => e.event);
    expect(header).toMatchObject({ type: 'header', header: { title: EXAMPLE_SPEC.title, palette: EXAMPLE_SPEC.palette, typography: EXAMPLE_SPEC.typography, imageStyle: EXAMPLE_SPEC.imageStyle } });
    sections.forEach((event, i) => expect(event).toEqual({ type: 'section', index: i, section: EXAMPLE_SPEC.sections[i], notes: [] }));
    // The header is out before the first section's text starts, each section right at its closing brace.
    const text = answer;
    expect(events[0].at).toBeLessThanOrEqual(text.indexOf('"kind": "frame"'));
    const footerStart = text.indexOf('"name": "Footer"');
    expect(events[1].at).toBeLessThan(text.indexOf('"name": "Features"'));
    expect(events[2].at).toBeLessThan(footerStart);
    expect(final.spec).toEqual(EXAMPLE_SPEC);
    expect(final).toEqual(parseDesign(answer));
  });

  it('gives the same events for random chunk sizes', () => {
    const oneByOne = feed(answer, () => 1).events.map((e) => e.event);
    for (const seed of [1, 2, 3, 42, 1234]) {
      expect(feed(answer, seeded(seed)).events.map((e) => e.event)).toEqual(oneByOne);
    }
    expect(feed(answer, () => answer.length).events.map((e) => e.event)).toEqual(oneByOne);
  });

  it('is not fooled by braces, quotes and escapes inside strings or comments', () => {
    const tricky = {
      ...EXAMPLE_SPEC,
      title: 'Braces } ] { [ and "quotes" \\ in a title',
      sections: [{ kind: 'frame', direction: 'vertical', children: [{ kind: 'text', role: 'body', text: 'A } brace and a \\" quote, "sections": [' }] }],
    };
    const text = JSON.stringify(tricky).replace('"sections"', '/* } */ "sections" // ]\n');
    const { events, final } = feed(text, () => 1);
    expect(events.map((e) => e.event.type)).toEqual(['header', 'section']);
    expect(events[0].event).toMatchObject({ header: { title: tricky.title } });
    expect(events[1].event).toMatchObject({ section: tricky.sections[0] });
    expect(final.spec!.sections).toEqual(tricky.sections);
  });

  it('notes a bad section and carries on with the next', () => {
    const spec = { ...EXAMPLE_SPEC, sections: [{ kind: 'frame', direction: 'vertical', children: [{ kind: 'hologram' }] }, ...EXAMPLE_SPEC.sections, { kind: 'frame', children: [{ kind: 'text', text: 'Tail', color: 'sparkly' }] }] };
    const { events } = feed(JSON.stringify(spec), seeded(9));
    const sections = events.map((e) => e.event).filter((e): e is Extract<StreamEvent, { type: 'section' }> => e.type === 'section');
    expect(sections.map((s) => s.section.name)).toEqual(['Hero', 'Features', 'Footer', undefined]);
    expect(sections.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    expect(sections[3].notes).toEqual(['Dropped 1 unknown colour.']);
  });

  it('emits the complete sections of a cut-off answer, and end() says it was cut off', () => {
    const text = JSON.stringify(EXAMPLE_SPEC);
    const cutAt = text.indexOf('"name":"Footer"') + 30;
    const { events, final } = feed(text.slice(0, cutAt), seeded(5));
    expect(events.filter((e) => e.event.type === 'section')).toHaveLength(2);
    expect(final.truncated).toBe(true);
    expect(final.spec!.sections).toHaveLength(2);
  });

  it('fills the header with defaults when the palette comes after the sections', () => {
    const { palette, ...rest } = EXAMPLE_SPEC;
    const text = JSON.stringify({ ...rest, palette });
    const { events, final } = feed(text, seeded(3));
    expect(events[0].event).toMatchObject({ type: 'header', notes: ['The answer had no palette; used the default colours.'] });
    expect(final.spec!.palette).toEqual(palette);
  });

  it('emits nothing live for layouts it cannot follow, and end() still reads them', () => {
    const text = JSON.stringify({ kind: 'frame', name: 'Page', direction: 'vertical', children: EXAMPLE_SPEC.sections });
    const { events, final } = feed(text, seeded(4));
    expect(events.filter((e) => e.event.type === 'section')).toHaveLength(0);
    expect(final.spec!.sections).toHaveLength(3);
  });
});
