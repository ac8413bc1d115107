import { imageNodes, startLoop, type Loop } from '../support/loop';
import { waitFor } from '../support/wait-for';

/**
 * A prediction's outputs reach the controller together: one placeImages message with every
 * image's bytes (BENCHMARKS.md, "the plugin's own share"), and one output that cannot be
 * placed, or whose target is gone, does not keep the others off the canvas.
 */
let loop: Loop;
afterEach(async () => loop?.close());

const placements = () =>
  (loop.fake.ui.messagesFromUi as { kind: string; name?: string; payload?: { items?: { nodeId: string }[] } }[]).filter(
    (m) => m.kind === 'request' && /^place/.test(m.name ?? ''),
  );
const placeholders = () => loop.figma.currentPage.findAll((n) => n.name.startsWith('Generating'));

describe('one placement message per prediction', () => {
  it('4 variants of one prediction reach the controller as one message', async () => {
    loop = await startLoop();
    const job = await loop.generate({ prompt: 'a lighthouse at dusk', count: 4 });

    expect(job.variants.map((v) => v.status)).toEqual(['placed', 'placed', 'placed', 'placed']);
    expect(placements().map((m) => m.name)).toEqual(['placeImages']);
    expect(placements()[0].payload!.items!.map((i) => i.nodeId)).toEqual(job.targetIds);
    expect(imageNodes(loop.figma)).toHaveLength(4);
  });

  it('a deleted target and a failed download among them: the others are placed, each says what happened', async () => {
    loop = await startLoop({ replicate: { latencyMs: 400 } });
    const handle = loop.start({ prompt: 'a lighthouse at dusk', count: 4 });
    await waitFor(() => placeholders().length === 4);
    const deleted = placeholders()[1].id;
    (await loop.figma.getNodeByIdAsync(deleted))!.remove();
    // The third output's file is gone for good (not a passing error the download retries).
    loop.replicate.faults.next('GET /delivery/*/out-2.jpg', { kind: 'status', status: 404 }, 10);
    const job = await handle.done;

    expect(job.variants.map((v) => v.status)).toEqual(['placed', 'placed', 'failed', 'placed']);
    expect(job.variants[1]).toMatchObject({ note: expect.stringMatching(/placeholder was deleted/) });
    expect(job.variants[2]).toMatchObject({ reason: expect.stringMatching(/\S/) });
    expect(imageNodes(loop.figma)).toHaveLength(3);
    expect(placements().map((m) => m.payload!.items!.length)).toEqual([3]);
    // Nothing half-made is left: the failed target's placeholder went with the run.
    expect(placeholders()).toHaveLength(0);
  });
});
