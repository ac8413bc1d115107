import { readModelName, readSeed, readVariants } from '../../ui/state/form-checks';

describe('form rules', () => {
  it.each([
    ['2', 2],
    [' 8 ', 8],
    ['+3', 3],
  ])('Variants "%s" is %d', (text, value) => {
    expect(readVariants(text)).toEqual({ value });
  });

  it.each([
    ['', /how many variants/],
    ['0', /at least 1/],
    ['12', /At most 8/],
    ['2.5', /whole number/],
    ['1e1', /whole number/],
  ])('Variants "%s" is refused', (text, problem) => {
    expect(readVariants(text).problem).toMatch(problem);
  });

  it('a seed is exactly what was typed, inside the schema bounds, or a reason', () => {
    const bounded = { kind: 'range', min: 0, max: 100 } as const;
    expect(readSeed('', bounded)).toEqual({ value: undefined });
    expect(readSeed('42', bounded)).toEqual({ value: 42 });
    expect(readSeed('101', bounded).problem).toBe('This model takes seeds from 0 to 100.');
    expect(readSeed('-1', { kind: 'range', min: 0 }).problem).toBe('This model takes seeds of 0 or more.');
    // Each further variant takes the next seed: with 4, the last must still fit.
    expect(readSeed('98', bounded, 4).problem).toMatch(/at most 97/);
    expect(readSeed('97', bounded, 4)).toEqual({ value: 97 });
    expect(readSeed('-5', { kind: 'range' })).toEqual({ value: -5 });
    expect(readSeed('9007199254740993', { kind: 'unknown' }).problem).toMatch(/too large/);
  });

  it('a model name is owner/name, a version, or a replicate.com link', () => {
    expect(readModelName('https://replicate.com/a/b').value).toBe('https://replicate.com/a/b');
    expect(readModelName('flux').problem).toMatch(/not a model name/);
    expect(readModelName(' ').problem).toMatch(/Type a model/);
  });
});
