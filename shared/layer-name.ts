const DEMO_SUFFIX = ' (demo)';

/** Layer names after the prompt, short enough to read in the layers panel. */
export function layerName(prompt: string, demo = false): string {
  const oneLine = withoutDemoSuffix(prompt.replace(/\s+/g, ' ').trim());
  const short = oneLine.length > 60 ? `${oneLine.slice(0, 59)}…` : oneLine || 'Generated image';
  return demo ? `${short}${DEMO_SUFFIX}` : short;
}

/** A name built from an earlier result's name must not say "(demo)" twice. */
export function withoutDemoSuffix(name: string): string {
  return name.endsWith(DEMO_SUFFIX) ? name.slice(0, -DEMO_SUFFIX.length) : name;
}
