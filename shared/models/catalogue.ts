/**
 * Curated starting points. Only ids and words live here: what each model accepts is read
 * from its own `openapi_schema` at run time (see capabilities.ts), so a new model needs
 * no code, and a preset that changes its fields upstream keeps working.
 */
export interface ModelPreset {
  /** `owner/name` on Replicate. */
  id: string;
  label: string;
  blurb: string;
  /** Official models run through `/v1/models/{owner}/{name}/predictions` without a version id. */
  official: boolean;
}

export const PRESETS: readonly ModelPreset[] = [
  { id: 'black-forest-labs/flux-schnell', label: 'FLUX.1 schnell', blurb: 'Fast drafts, 4 at a time', official: true },
  { id: 'black-forest-labs/flux-dev', label: 'FLUX.1 dev', blurb: 'Finer detail, slower', official: true },
  { id: 'black-forest-labs/flux-1.1-pro', label: 'FLUX 1.1 pro', blurb: 'Best quality, one image per run', official: true },
  { id: 'ideogram-ai/ideogram-v3-turbo', label: 'Ideogram 3 Turbo', blurb: 'Strong at text and lettering', official: true },
  { id: 'recraft-ai/recraft-v3-svg', label: 'Recraft V3 SVG', blurb: 'Logos and icons as editable vectors', official: true },
];

export const DEFAULT_MODEL = PRESETS[0].id;

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
