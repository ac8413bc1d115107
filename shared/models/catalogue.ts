/**
 * Curated starting points, as data. Only ids and words live here: what each model accepts is
 * read from its own `openapi_schema` at run time (see capabilities.ts), so a new model needs
 * no code, and a preset that changes its fields upstream keeps working.
 */
export type PresetJob = 'drafts' | 'quality' | 'references' | 'lettering' | 'vectors';

export interface ModelPreset {
  /** `owner/name` on Replicate. */
  id: string;
  label: string;
  blurb: string;
  /** Official models run through `/v1/models/{owner}/{name}/predictions` without a version id. */
  official: boolean;
  /** 'Older' presets stay selectable (and are what a newer one falls back to). */
  group: 'Current' | 'Older';
  job?: PresetJob;
  /** The older preset offered when this one cannot be looked up (renamed, removed, no access). */
  fallback?: string;
  /** Where the name was checked, and when: models come and go on Replicate. */
  checked: string;
}

const CHECKED = '2026-12-01';

export const PRESETS: readonly ModelPreset[] = [
  // Still the quickest and cheapest: four drafts a run.
  { id: 'black-forest-labs/flux-schnell', label: 'FLUX.1 schnell', blurb: 'Fast drafts, 4 at a time', official: true, group: 'Current', job: 'drafts', checked: 'in use since 2024' },
  {
    id: 'black-forest-labs/flux-2-pro', label: 'FLUX.2 pro', blurb: 'Best quality, up to 4 MP; takes 8 references', official: true, group: 'Current', job: 'quality',
    fallback: 'black-forest-labs/flux-1.1-pro', checked: `${CHECKED}: replicate.com/black-forest-labs/flux-2-pro/versions/285631b5…/api`,
  },
  {
    id: 'google/nano-banana-pro', label: 'Nano Banana Pro', blurb: 'References and edits, legible text, 1K–4K', official: true, group: 'Current', job: 'references',
    fallback: 'google/nano-banana', checked: `${CHECKED}: replicate.com/google/nano-banana-pro/versions/f5318740…/api`,
  },
  {
    id: 'google/nano-banana', label: 'Nano Banana', blurb: 'Quick edits and blends of several images', official: true, group: 'Current', job: 'references',
    fallback: 'black-forest-labs/flux-kontext-pro', checked: `${CHECKED}: replicate.com/google/nano-banana/versions/f0a9d34b…/api`,
  },
  {
    id: 'bytedance/seedream-4', label: 'Seedream 4', blurb: 'Up to 4K, takes 10 references', official: true, group: 'Current', job: 'quality',
    fallback: 'black-forest-labs/flux-1.1-pro', checked: `${CHECKED}: replicate.com/bytedance/seedream-4/versions/e6cff243…/api`,
  },
  {
    id: 'openai/gpt-image-1.5', label: 'GPT Image 1.5', blurb: 'Follows long instructions; transparent backgrounds', official: true, group: 'Current', job: 'lettering',
    fallback: 'ideogram-ai/ideogram-v3-turbo', checked: `${CHECKED}: its Replicate schema as mirrored by cinemasetfree.com and cloudernative.com`,
  },
  {
    id: 'google/imagen-4', label: 'Imagen 4', blurb: 'Photoreal detail', official: true, group: 'Current', job: 'quality',
    fallback: 'black-forest-labs/flux-1.1-pro', checked: `${CHECKED}: listed for replicate.com/google/imagen-4 by docs.kkiai.com`,
  },
  {
    id: 'ideogram-ai/ideogram-v3-quality', label: 'Ideogram 3 Quality', blurb: 'Best at text and lettering; style references', official: true, group: 'Current', job: 'lettering',
    fallback: 'ideogram-ai/ideogram-v3-turbo', checked: `${CHECKED}: replicate.com/ideogram-ai/ideogram-v3-quality/versions/03944eb9…/api`,
  },
  // No newer SVG model of Recraft's was found on Replicate (recraft-v4 and -v4-pro are raster).
  { id: 'recraft-ai/recraft-v3-svg', label: 'Recraft V3 SVG', blurb: 'Logos and icons as editable vectors', official: true, group: 'Current', job: 'vectors', checked: 'in use since 2024' },
  { id: 'black-forest-labs/flux-dev', label: 'FLUX.1 dev', blurb: 'Finer detail, slower', official: true, group: 'Older', checked: 'in use since 2024' },
  { id: 'black-forest-labs/flux-1.1-pro', label: 'FLUX 1.1 pro', blurb: 'One image per run', official: true, group: 'Older', checked: 'in use since 2024' },
  { id: 'ideogram-ai/ideogram-v3-turbo', label: 'Ideogram 3 Turbo', blurb: 'Text and lettering, fast', official: true, group: 'Older', checked: 'in use since 2025' },
  { id: 'black-forest-labs/flux-kontext-pro', label: 'FLUX Kontext pro', blurb: 'Edits by instruction', official: true, group: 'Older', checked: 'in use since 2025' },
];

export const DEFAULT_MODEL = PRESETS[0].id;

export function presetOf(id: string): ModelPreset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/**
 * Said when a preset cannot be looked up: which older preset to use instead, if any.
 * Replicate renames and retires models; the older one keeps a designer working.
 */
export function fallbackAdvice(id: string): { fallback: ModelPreset; message: string } | undefined {
  const preset = presetOf(id);
  const fallback = preset?.fallback ? presetOf(preset.fallback) : undefined;
  if (!preset || !fallback) return undefined;
  return { fallback, message: `${preset.label} could not be found on Replicate just now. ${fallback.label} (${fallback.id}) is the older choice for the same job.` };
}

export interface ModelRef {
  owner: string;
  name: string;
  /** Pinned version id, when the user typed `owner/name:version`. */
  version?: string;
}

const SLUG = /^[a-z0-9](?:[a-z0-9._-]{0,99})$/i;

/**
 * Parses `owner/name` or `owner/name:version`, or a replicate.com page of a model
 * (`https://replicate.com/owner/name`, `/versions/<id>`, `/api`, `/playground`…, any query);
 * undefined for anything else.
 */
export function parseModelRef(text: string): ModelRef | undefined {
  const trimmed = fromReplicateUrl(text.trim()) ?? text.trim();
  const [path, version, ...rest] = trimmed.split(':');
  if (rest.length > 0) return undefined;
  const parts = path.split('/');
  if (parts.length !== 2 || !SLUG.test(parts[0]) || !SLUG.test(parts[1])) return undefined;
  if (version !== undefined && !/^[a-f0-9]{8,64}$/i.test(version)) return undefined;
  return { owner: parts[0], name: parts[1], ...(version ? { version } : {}) };
}

/** Site sections whose pages look like `/owner/name` but are not models. */
const NOT_OWNERS = new Set(['collections', 'explore', 'docs', 'blog', 'pricing', 'account', 'about', 'changelog', 'deployments', 'p', 'predictions', 'trainings', 'topics', 'signin']);

/** `https://replicate.com/owner/name/versions/abc?x` → `owner/name:abc`; undefined when not such a URL. */
function fromReplicateUrl(text: string): string | undefined {
  const withScheme = /^(?:www\.)?replicate\.com\//i.test(text) ? `https://${text}` : text;
  if (!/^https?:\/\//i.test(withScheme)) return undefined;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (!/^(?:www\.)?replicate\.com$/i.test(url.hostname)) return undefined;
  const [owner, name, section, version] = url.pathname.split('/').filter(Boolean);
  if (!owner || !name || NOT_OWNERS.has(owner.toLowerCase())) return undefined;
  return section === 'versions' && version ? `${owner}/${name}:${version}` : `${owner}/${name}`;
}

/** The canonical text of a reference: `owner/name`, or `owner/name:version`. */
export function formatModelRef(ref: ModelRef): string {
  return ref.version ? `${modelId(ref)}:${ref.version}` : modelId(ref);
}

export function modelId(ref: ModelRef): string {
  return `${ref.owner}/${ref.name}`;
}

export function isOfficialPreset(id: string): boolean {
  return PRESETS.some((p) => p.id === id && p.official);
}
