/**
 * @jest-environment jsdom
 */
import { act, fireEvent, screen } from '@testing-library/preact';
import { modelSchema, openPanel, settle } from '../support/panel-harness';
import { MATCH_SELECTION, OTHER_MODEL } from '../../ui/state/panel-model';

const prompt = () => screen.getByLabelText('Prompt') as HTMLTextAreaElement;
const variants = () => screen.getByLabelText('Variants') as HTMLInputElement;
const seed = () => screen.getByLabelText('Seed') as HTMLInputElement;
const generateButton = () => screen.getByRole('button', { name: 'Generate' }) as HTMLButtonElement;
const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });

async function press(): Promise<void> {
  fireEvent.click(generateButton());
  await settle();
}

/** The field's problem, as a screen reader reaches it: aria-invalid plus the text it points to. */
function problemOf(el: HTMLElement): string | undefined {
  if (el.getAttribute('aria-invalid') !== 'true') return undefined;
  const ids = (el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

describe('Variants', () => {
  it('may be empty while typing: clearing it and typing 2 runs 2, not 12', async () => {
    const { started } = await openPanel();
    type(prompt(), 'a fox');
    type(variants(), '');
    await settle();
    expect(variants().value).toBe('');
    type(variants(), '2');
    await press();
    expect(started.map((s) => s.spec.count)).toEqual([2]);
  });

  it('out of range says so beside the field, blocks Generate and starts nothing', async () => {
    const { started } = await openPanel();
    type(prompt(), 'a fox');
    type(variants(), '12');
    await settle();
    expect(variants().value).toBe('12');
    expect(problemOf(variants())).toBe('At most 8 variants per run.');
    expect(generateButton().disabled).toBe(true);
    expect(generateButton().getAttribute('aria-describedby')).toContain(variants().getAttribute('aria-describedby'));
    await press();
    expect(started).toHaveLength(0);
  });

  it('left empty, it asks for a number on Generate', async () => {
    const { started } = await openPanel();
    type(prompt(), 'a fox');
    type(variants(), '');
    await press();
    expect(problemOf(variants())).toMatch(/how many variants/);
    expect(started).toHaveLength(0);
  });
});

describe('Seed', () => {
  it.each([
    ['1e30', /whole number/],
    ['12ab', /whole number/],
    ['99999999999999999999', /too large/],
  ])('"%s" stays as typed and is refused with a message', async (text, message) => {
    const { started } = await openPanel();
    type(prompt(), 'a fox');
    type(seed(), text);
    await press();
    expect(seed().value).toBe(text);
    expect(problemOf(seed())).toMatch(message);
    expect(started).toHaveLength(0);
  });

  it("keeps to the model's own bounds from its schema", async () => {
    const { started } = await openPanel({
      models: { 'black-forest-labs/flux-schnell': modelSchema({ type: 'integer', minimum: 0, maximum: 2147483647 }) },
    });
    type(prompt(), 'a fox');
    type(seed(), '-1');
    await press();
    expect(seed().value).toBe('-1');
    expect(problemOf(seed())).toBe('This model takes seeds from 0 to 2147483647.');
    expect(started).toHaveLength(0);

    type(seed(), '42');
    await press();
    expect(started.map((s) => s.spec.seed)).toEqual([42]);
  });

  it('a model whose schema sets no bounds takes any whole number, negative too, exactly', async () => {
    const { started } = await openPanel();
    type(prompt(), 'a fox');
    type(seed(), '-7');
    await press();
    expect(problemOf(seed())).toBeUndefined();
    expect(started.map((s) => s.spec.seed)).toEqual([-7]);
  });
});

describe('double submits', () => {
  it('five quick presses with the same inputs start one run, and the panel says why', async () => {
    const { started } = await openPanel();
    type(prompt(), 'a fox');
    for (let i = 0; i < 5; i++) fireEvent.click(generateButton());
    await settle();
    expect(started).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toMatch(/Already generating this/);
  });

  it('different inputs start at once; the same ones again once the first run has started', async () => {
    jest.useFakeTimers({ doNotFake: ['setTimeout', 'setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const { started } = await openPanel();
      type(prompt(), 'a fox');
      await press();
      type(prompt(), 'a hare');
      await press();
      expect(started.map((s) => s.spec.prompt)).toEqual(['a fox', 'a hare']);
      type(prompt(), 'a fox');
      await press();
      expect(started).toHaveLength(2);
      // Its predictions exist and a moment has passed: pressing again is a deliberate rerun.
      started[0].created();
      jest.setSystemTime(Date.now() + 2000);
      await press();
      expect(started.map((s) => s.spec.prompt)).toEqual(['a fox', 'a hare', 'a fox']);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('form problems are said inline, once, and start no job', () => {
  it('an empty prompt: one message beside the field, no job card, however often Generate is pressed', async () => {
    const { started } = await openPanel();
    await press();
    await press();
    fireEvent.keyDown(prompt(), { key: 'Enter', ctrlKey: true });
    await settle();
    expect(started).toHaveLength(0);
    expect(screen.getAllByText('Type a prompt first.')).toHaveLength(1);
    expect(problemOf(prompt())).toBe('Type a prompt first.');
    expect(screen.queryByRole('region', { name: 'Progress' })).toBeNull();
    expect(document.activeElement).toBe(prompt());
    type(prompt(), 'a fox');
    await settle();
    expect(generateButton().disabled).toBe(false);
  });

  it('a model Replicate does not have: said once, Generate blocked, no job', async () => {
    const { model, started } = await openPanel();
    type(prompt(), 'a fox');
    fireEvent.change(screen.getByLabelText('Model'), { target: { value: OTHER_MODEL } });
    await settle();
    const name = screen.getByLabelText('Model name (owner/name)');
    type(name, 'someone/no-such-model');
    fireEvent.blur(name);
    await settle();
    expect(screen.getAllByText('Replicate has no model called "someone/no-such-model".')).toHaveLength(1);
    expect(generateButton().disabled).toBe(true);
    await press();
    // Typed and submitted straight away, without leaving the field: still checked first.
    type(name, 'someone/also-missing');
    fireEvent.keyDown(prompt(), { key: 'Enter', metaKey: true });
    await settle();
    expect(started).toHaveLength(0);
    expect(model.jobs.value).toHaveLength(0);
  });
});

describe('"Other model…"', () => {
  it('takes a pasted replicate.com page as owner/name:version and runs that model', async () => {
    const { started, lookedUp } = await openPanel({ models: { 'black-forest-labs/flux-schnell': modelSchema(), 'acme/sketchy': modelSchema() } });
    type(prompt(), 'a fox');
    fireEvent.change(screen.getByLabelText('Model'), { target: { value: OTHER_MODEL } });
    await settle();
    const name = screen.getByLabelText('Model name (owner/name)');
    type(name, 'https://replicate.com/acme/sketchy/versions/0123abcd/api?tab=node');
    fireEvent.blur(name);
    await settle();
    expect(screen.getByText('Understood as acme/sketchy:0123abcd')).toBeTruthy();
    expect(lookedUp.at(-1)).toEqual({ owner: 'acme', name: 'sketchy', version: '0123abcd' });
    await press();
    expect(started.map((s) => s.spec.model)).toEqual(['acme/sketchy:0123abcd']);
  });
});

describe('first run', () => {
  it('offers an example for a mockup photo, a logo and a UI frame, each filling the form', async () => {
    const { model } = await openPanel();
    const examples = screen.getByRole('region', { name: 'Start from an example' });
    expect(prompt().value).toBe('');
    expect(prompt().placeholder).toMatch(/^Describe the image\. For example:/);

    fireEvent.click(screen.getByRole('button', { name: /^Logo/ }));
    await settle();
    expect(prompt().value).toMatch(/logo/i);
    expect(model.modelChoice.value).toBe('recraft-ai/recraft-v3-svg');
    expect(model.ratio.value).toBe('1:1');
    // The form is filled: the examples step aside.
    expect(examples.isConnected).toBe(false);

    type(prompt(), '');
    await settle();
    fireEvent.click(screen.getByRole('button', { name: /^App screen/ }));
    await settle();
    expect(prompt().value).toMatch(/app home screen/);
    expect((screen.getByLabelText('Aspect ratio') as HTMLSelectElement).value).toBe('9:16');

    type(prompt(), '');
    await settle();
    fireEvent.click(screen.getByRole('button', { name: /^Mockup photo/ }));
    await settle();
    expect(model.modelChoice.value).toBe('black-forest-labs/flux-schnell');
    expect(model.ratio.value).toBe('4:3');
  });

  it('is gone once something has run', async () => {
    await openPanel();
    type(prompt(), 'a fox');
    await press();
    type(prompt(), '');
    await settle();
    expect(screen.queryByRole('region', { name: 'Start from an example' })).toBeNull();
  });
});

describe('Match selection', () => {
  const frame = (id: string) => ({ id, name: `Frame ${id}`, type: 'FRAME', width: 480, height: 320, hasImage: false, locked: false });

  it('takes Variants too: the first of each fills the frame, the rest go beside it, and the total is said', async () => {
    const { started, listeners } = await openPanel();
    await act(async () => listeners.selectionChanged({ nodes: [frame('1:1'), frame('1:2')] }));
    fireEvent.change(screen.getByLabelText('Aspect ratio'), { target: { value: MATCH_SELECTION } });
    type(prompt(), 'a fox');
    await settle();
    expect(variants().disabled).toBe(false);
    type(variants(), '3');
    await settle();
    expect(screen.getByText(/6 images in all/).textContent).toMatch(/the other 2 variants of each go beside it at its size/);
    await press();
    expect(started.map((s) => [s.spec.count, s.spec.shape.kind])).toEqual([[3, 'match-selection']]);
  });

  it('refuses more than 48 images in one press (a select-all of 13 frames × 4 variants), saying why, and starts nothing', async () => {
    const { started, listeners } = await openPanel();
    await act(async () => listeners.selectionChanged({ nodes: Array.from({ length: 13 }, (_, i) => frame(`1:${i + 1}`)) }));
    fireEvent.change(screen.getByLabelText('Aspect ratio'), { target: { value: MATCH_SELECTION } });
    type(prompt(), 'a fox');
    type(variants(), '4');
    await settle();
    expect(screen.getByRole('alert').textContent).toBe('That is 52 images (13 layers × 4 variants); at most 48 in one run. Select fewer layers or lower Variants.');
    expect(generateButton().disabled).toBe(true);
    await press();
    expect(started).toHaveLength(0);
    type(variants(), '3');
    await press();
    expect(started.map((s) => s.spec.count)).toEqual([3]);
  });
});
