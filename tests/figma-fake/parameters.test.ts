import { createFigmaFake } from '../fakes/figma';

const declared = [
  { key: 'prompt', allowFreeform: true },
  { key: 'size', optional: true },
];

describe('figma.parameters and the quick-action palette', () => {
  it("input() fires 'input' with the key, query and earlier values, and resolves with the plugin's suggestions", async () => {
    const fake = createFigmaFake({ parameters: declared });
    const seen: Omit<ParameterInputEvent, 'result'>[] = [];
    fake.figma.parameters.on('input', ({ key, query, parameters, result }) => {
      seen.push({ key, query, parameters });
      result.setLoadingMessage('Thinking…');
      setTimeout(() => result.setSuggestions(['small', { name: 'Large', data: 512 }]), 5);
    });
    const answer = await fake.input('size', 'l', { prompt: 'a fox' });
    expect(seen).toEqual([{ key: 'size', query: 'l', parameters: { prompt: 'a fox' } }]);
    expect(answer).toEqual({ suggestions: ['small', { name: 'Large', data: 512 }], loadingMessages: ['Thinking…'] });
  });

  it('setError answers too, but not on a freeform parameter; unknown keys and unanswered input fail the test', async () => {
    const fake = createFigmaFake({ parameters: declared });
    const errors: unknown[] = [];
    fake.figma.parameters.on('input', ({ result }) => {
      try {
        result.setError('Not a size');
      } catch (e) {
        errors.push(e);
        result.setSuggestions([]);
      }
    });
    expect(await fake.input('size', 'huge')).toEqual({ error: 'Not a size', loadingMessages: [] });
    expect(await fake.input('prompt', 'x')).toEqual({ suggestions: [], loadingMessages: [] });
    expect(String(errors[0])).toMatch(/Not available on the freeform parameter "prompt"/);
    expect(() => fake.input('colour', 'red')).toThrow('The manifest declares no parameter "colour"');

    const silent = createFigmaFake();
    silent.figma.parameters.on('input', () => undefined);
    jest.useFakeTimers();
    try {
      const unanswered = silent.input('anything', 'q');
      jest.advanceTimersByTime(3001);
      await expect(unanswered).rejects.toThrow(/neither setSuggestions nor setError/);
    } finally {
      jest.useRealTimers();
    }
  });

  it('once and off', async () => {
    const fake = createFigmaFake();
    const once = jest.fn(({ result }: ParameterInputEvent) => result.setSuggestions([]));
    const always = ({ result }: ParameterInputEvent) => result.setSuggestions(['a']);
    fake.figma.parameters.once('input', once);
    fake.figma.parameters.on('input', always);
    await fake.input('k', '1');
    await fake.input('k', '2');
    expect(once).toHaveBeenCalledTimes(1);
    fake.figma.parameters.off('input', always);
    expect(fake.parameterInputListeners).toEqual([]);
  });

  it('query mode: no visible UI until run(); a hidden one is allowed', () => {
    const fake = createFigmaFake({ queryMode: true });
    expect(() => fake.figma.showUI('<p>panel</p>')).toThrow(/query mode/);
    expect(() => fake.figma.showUI('<p>panel</p>', { visible: true })).toThrow(/query mode/);
    fake.figma.showUI('<p>hidden</p>', { visible: false });
    expect(fake.ui.visible).toBe(false);
    const run = jest.fn();
    fake.figma.on('run', run);
    fake.run('open', { prompt: 'a fox' });
    expect(run).toHaveBeenCalledWith({ command: 'open', parameters: { prompt: 'a fox' } });
    fake.figma.showUI('<p>panel</p>');
    expect(fake.ui.visible).toBe(true);
  });
});
