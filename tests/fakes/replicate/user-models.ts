/**
 * Models people create on their own account (`POST /v1/models`), and the versions trainings
 * add to them. Shapes follow the OpenAPI `models.create` example: a new model has no
 * `latest_version` until a training succeeds. A name already taken answers 409, as Replicate
 * does ("This model already exists. Try a different name!", replicate-python issue #323).
 */
import { entryOf, type ModelDef, type ModelEntry } from './models';

export interface UserModel {
  owner: string;
  name: string;
  description: string | null;
  visibility: 'public' | 'private';
  hardware: string;
  versions: ModelEntry[];
}

export type CreateAnswer =
  | { ok: true; json: Record<string, unknown> }
  | { ok: false; status: number; title: string; detail: string; invalid?: { type: string; field: string; description: string }[] };

const SLUG = /^[a-z0-9][a-z0-9._-]{0,99}$/;

export class UserModels {
  readonly models = new Map<string, UserModel>();

  constructor(private readonly account: string) {}

  create(body: unknown): CreateAnswer {
    const b = (body ?? {}) as Record<string, unknown>;
    const invalid = (['owner', 'name', 'visibility', 'hardware'] as const)
      .filter((f) => typeof b[f] !== 'string' || !b[f])
      .map((f) => ({ type: 'required', field: f, description: `${f} is required` }));
    if (typeof b.visibility === 'string' && b.visibility && !['public', 'private'].includes(b.visibility)) {
      invalid.push({ type: 'enum', field: 'visibility', description: 'visibility must be one of the following: "public", "private"' });
    }
    if (typeof b.name === 'string' && b.name && !SLUG.test(b.name)) {
      invalid.push({ type: 'pattern', field: 'name', description: 'name may contain only lowercase letters, digits, dashes, underscores and dots' });
    }
    if (invalid.length) return { ok: false, status: 422, title: 'Input validation failed', detail: invalid.map((i) => `- ${i.field}: ${i.description}`).join('\n'), invalid };
    const owner = String(b.owner);
    const name = String(b.name);
    if (owner !== this.account) {
      return { ok: false, status: 403, title: 'Forbidden', detail: `You do not have permission to create models for ${owner}.` };
    }
    if (this.models.has(`${owner}/${name}`)) return { ok: false, status: 409, title: 'Conflict', detail: 'This model already exists. Try a different name!' };
    const model: UserModel = {
      owner,
      name,
      description: typeof b.description === 'string' ? b.description : null,
      visibility: b.visibility as UserModel['visibility'],
      hardware: String(b.hardware),
      versions: [],
    };
    this.models.set(`${owner}/${name}`, model);
    return { ok: true, json: this.json(model) };
  }

  get(owner: string, name: string): UserModel | undefined {
    return this.models.get(`${owner}/${name}`);
  }

  latest(model: UserModel): ModelEntry | undefined {
    return model.versions[model.versions.length - 1];
  }

  /** A version id, `owner/name:id` or `owner/name` (its latest), as POST /v1/predictions takes them. */
  byVersion(version: string): ModelEntry | undefined {
    const colon = version.indexOf(':');
    const id = colon >= 0 ? version.slice(colon + 1) : version;
    if (colon < 0 && version.includes('/')) {
      const [owner, name] = version.split('/');
      const m = this.get(owner, name);
      return m && this.latest(m);
    }
    for (const m of this.models.values()) for (const v of m.versions) if (v.versionId === id) return v;
    return undefined;
  }

  addVersion(destination: string, def: ModelDef, versionId: string): ModelEntry {
    const model = this.models.get(destination);
    if (!model) throw new Error(`no model ${destination}`);
    const entry = entryOf({ ...def, description: model.description ?? def.description }, versionId);
    model.versions.push(entry);
    return entry;
  }

  json(m: UserModel): Record<string, unknown> {
    const latest = this.latest(m);
    return {
      url: `https://replicate.com/${m.owner}/${m.name}`,
      owner: m.owner,
      name: m.name,
      description: m.description,
      visibility: m.visibility,
      github_url: null,
      paper_url: null,
      license_url: null,
      run_count: 0,
      cover_image_url: null,
      default_example: null,
      latest_version: latest ? versionOf(latest) : null,
    };
  }
}

export function versionOf(m: ModelEntry): Record<string, unknown> {
  return { id: m.versionId, created_at: m.versionCreatedAt, cog_version: m.cogVersion, openapi_schema: m.schema };
}
