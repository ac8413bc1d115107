import { NamedError } from '../../shared/errors';
import { FIGMA_MAX_IMAGE_SIDE } from '../../shared/images/image-info';
import type { Capabilities } from '../../shared/models/capabilities';
import { isRefineTool, TOOL_SPECS } from '../../shared/tools';
import type { ReplicateAccess } from '../replicate/client';
import type { JobSpec } from './job-spec';
import { keepDeclaredInputs } from './recipe-input';
import type { PluginPort } from './run-job';
import type { MaskedSource } from '../images/composite-masked';

/**
 * The inputs a refinement adds to a job: the source (and mask) exported by the controller,
 * turned into URLs the model can read, under the field names this model's schema uses.
 * Carried-over inputs keep only the fields the schema declares, and no URLs (recipe-input.ts).
 */
export async function sourceInputs(
  spec: JobSpec,
  caps: Capabilities,
  deps: { plugin: PluginPort; replicate: ReplicateAccess; signal: AbortSignal },
): Promise<{ extra: Record<string, unknown>; note?: string; masked?: MaskedSource }> {
  const extra: Record<string, unknown> = keepDeclaredInputs(spec.baseInput, caps.fields).kept;
  if (!spec.source) return { extra };
  const label = isRefineTool(spec.tool) ? TOOL_SPECS[spec.tool].label.toLowerCase() : spec.tool;
  // A model with only an image list (`image_input`) edits the first image of the list.
  const imageTarget = caps.imageField ?? caps.imageList?.field;
  if (!imageTarget) {
    throw new NamedError('NoImageInput', `${spec.model} takes no input image, so it can't ${label}.`);
  }
  const wantsMask = !!spec.source.maskNodeId || !!spec.source.expand;
  if (wantsMask && !caps.mask) {
    throw new NamedError('NoMaskInput', `${spec.model} takes no mask, so it can't ${label}.`);
  }
  const maxSide = isRefineTool(spec.tool) ? TOOL_SPECS[spec.tool].maxInputSide : 1536;
  const exported = await deps.plugin.request('exportSource', {
    sourceId: spec.source.nodeId,
    ...(spec.source.maskNodeId ? { maskId: spec.source.maskNodeId } : {}),
    ...(spec.source.expand ? { expand: spec.source.expand } : {}),
    maskRepaint: caps.mask?.repaint ?? 'white',
    maxSide,
  });
  const [imageUrl, maskUrl] = await Promise.all([
    deps.replicate.inputUrl(exported.image, 'image/png', deps.signal),
    exported.mask && caps.mask ? deps.replicate.inputUrl(exported.mask, 'image/png', deps.signal) : undefined,
  ]);
  extra[imageTarget] = caps.imageField ? imageUrl : [imageUrl];
  if (maskUrl && caps.mask) extra[caps.mask.field] = maskUrl;

  if (caps.strength && spec.strength !== undefined) {
    const s = Math.min(1, Math.max(0, spec.strength));
    extra[caps.strength.field] = round(caps.strength.min + s * (caps.strength.max - caps.strength.min));
  }
  let note: string | undefined;
  if (caps.scale && spec.scale !== undefined) {
    const limit = FIGMA_MAX_IMAGE_SIDE / Math.max(exported.width, exported.height);
    const wanted = Math.min(spec.scale, caps.scale.max);
    const scale = Math.max(caps.scale.min, Math.min(wanted, Math.floor(limit * 100) / 100));
    if (scale < wanted) {
      note = `Upscaled ×${scale} instead of ×${wanted}: Figma takes at most ${FIGMA_MAX_IMAGE_SIDE} px a side.`;
    }
    extra[caps.scale.field] = scale;
  }
  // Inpaint: kept so only the masked pixels of the result replace the original's (exact inpaint).
  const masked = spec.source.maskNodeId && exported.mask && caps.mask
    ? { image: exported.image, mask: exported.mask, repaint: caps.mask.repaint }
    : undefined;
  return { extra, ...(note ? { note } : {}), ...(masked ? { masked } : {}) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
