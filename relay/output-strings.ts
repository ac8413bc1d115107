/** Every string in a prediction's output, depth first, in the order the model wrote them. */
export function outputStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => outputStrings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => outputStrings(v, out));
  return out;
}

/** The files an output names, each once, in order: its strings that `isFile` accepts. */
export function outputFiles(value: unknown, isFile: (s: string) => boolean): string[] {
  return [...new Set(outputStrings(value).filter(isFile))];
}

/** The output with each string swapped (an output URL for its kept copy). */
export function replaceStrings(value: unknown, swap: (s: string) => string): unknown {
  if (typeof value === 'string') return swap(value);
  if (Array.isArray(value)) return value.map((v) => replaceStrings(v, swap));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceStrings(v, swap)]));
  return value;
}
