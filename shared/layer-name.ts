/** Layer names after the prompt, short enough to read in the layers panel. */
export function layerName(prompt: string, demo = false): string {
  const oneLine = prompt.replace(/\s+/g, ' ').trim();
  const short = oneLine.length > 60 ? `${oneLine.slice(0, 59)}…` : oneLine || 'Generated image';
  return demo ? `${short} (demo)` : short;
}
