import { createJobList } from '../../ui/state/job-list';
import type { JobSnapshot } from '../../ui/jobs/job-spec';
import { startLoop, type Loop } from '../support/loop';

// The job list's state only needs signals; @preact/signals pulls in Preact's ESM-only build.
jest.mock('@preact/signals', () => jest.requireActual('@preact/signals-core'));

/**
 * Clicking a job card selects that run's layers on the canvas, through the real channel and
 * controller, on the Figma fake: exactly its own layers, scrolled into view, even from
 * another page, with deleted ones counted rather than failing.
 */
let loop: Loop;
afterEach(async () => loop?.close());

const placedIds = (job: JobSnapshot) => job.variants.flatMap((v) => (v.status === 'placed' ? [v.nodeId] : []));
const selectedIds = () => loop.figma.currentPage.selection.map((n) => n.id);

async function twoRuns() {
  loop = await startLoop();
  const said: string[] = [];
  const list = createJobList(loop.plugin, (message) => said.push(message));
  const first = await loop.generate({ count: 2, prompt: 'a red fox' });
  list.update(first);
  const second = await loop.generate({ count: 3, prompt: 'a blue whale' });
  list.update(second);
  expect(placedIds(first)).toHaveLength(2);
  expect(placedIds(second)).toHaveLength(3);
  return { list, first, second, said };
}

it('selects exactly the clicked job’s layers and scrolls them into view', async () => {
  const { list, first, second } = await twoRuns();
  // The last run ends with its own results selected.
  expect(selectedIds().sort()).toEqual(placedIds(second).sort());
  await list.select(first.id);
  expect(selectedIds().sort()).toEqual(placedIds(first).sort());
  expect(loop.fake.viewportCalls.at(-1)?.sort()).toEqual(placedIds(first).sort());
  await list.selectNodes([placedIds(second)[1]]);
  expect(selectedIds()).toEqual([placedIds(second)[1]]);
});

it('opens the page the job’s layers are on, and says when some were deleted', async () => {
  const { list, first, said } = await twoRuns();
  const resultsPage = loop.figma.currentPage;
  const [gone, kept] = placedIds(first);
  (await loop.figma.getNodeByIdAsync(gone))!.remove();
  const other = loop.figma.createPage();
  await loop.figma.setCurrentPageAsync(other);
  await list.select(first.id);
  expect(loop.figma.currentPage.id).toBe(resultsPage.id);
  expect(selectedIds()).toEqual([kept]);
  expect(said).toEqual(['Selected 1; 1 was deleted.']);
});
