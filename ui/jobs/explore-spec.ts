import type { ExplorePlan } from '../../shared/explore/plan-explore';
import type { JobSpec } from './job-spec';

/** Section names are the prompt; Figma shows the start of a long one anyway. */
const MAX_TITLE = 200;

/** One press of Explore: one job whose targets are the grid's cells. */
export function exploreSpec(prompt: string, plan: ExplorePlan, ratio: string): JobSpec {
  const title = prompt.replace(/\s+/g, ' ').trim();
  return {
    tool: 'generate',
    model: plan.cells[0]?.model ?? '',
    prompt,
    count: plan.cells.length,
    shape: { kind: 'ratio', ratio },
    cells: plan.cells.map(({ prompt: cellPrompt, model, seed, axes, label, colors, repeat }) => ({
      prompt: cellPrompt,
      model,
      seed,
      axes,
      label,
      ...(colors ? { colors } : {}),
      ...(repeat ? { variant: repeat } : {}),
    })),
    grid: {
      title: title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title,
      columns: plan.columns,
      rows: plan.rows,
      variants: plan.variants,
    },
  };
}
