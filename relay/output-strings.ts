/** Every string in a prediction's output, depth first, in the order the model wrote them. */
export function outputStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => outputStrings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => outputStrings(v, out));
  return out;
}
