import { startDesignJob, type DesignJobSpec, type DesignSnapshot } from '../../ui/design/run-design';
import type { PluginPort } from '../../ui/jobs/run-job';
import type { JobSnapshot, JobSpec } from '../../ui/jobs/job-spec';
import type { ReplicateAccess } from '../../ui/replicate/client';
import { readCapabilities } from '../../shared/models/capabilities';
import { demoDesignAnswer } from '../fakes/replicate/demo-designer';

const LLM_SCHEMA = {
  components: {
    schemas: {
      Input: {
        type: 'object',
        properties: {
          prompt: { type: 'string', 'x-order': 0 },
          system_prompt: { type: 'string', 'x-order': 1 },
          max_tokens: { type: 'integer', minimum: 1024, maximum: 64000, 'x-order': 2 },
        },
      },
      Output: { type: 'array', items: { type: 'string' } },
    },
  },
};

const base: DesignJobSpec = {
  prompt: 'pricing page for a coffee subscription: hero with photo, three plan cards, FAQ, footer',
  width: 1440, height: 1024, llm: 'anthropic/claude-4-sonnet', imageModel: 'black-forest-labs/flux-schnell',
  useFileStyles: false, alternative: 0, alternatives: 1,
};

/** A controller stand-in that records the order of requests. */
function controller() {
  const calls: { name: string; payload: Record<string, unknown> }[] = [];
  let n = 0;
  const port: PluginPort = {
    request(name, payload) {
      calls.push({ name, payload: payload as Record<string, unknown> });
      switch (name) {
        case 'startDesign':
          return Promise.resolve({ frameId: 'F:1' }) as never;
        case 'setDesignTokens':
          return Promise.resolve({ notes: [] }) as never;
        case 'addDesignSection': {
          const section = (payload as { section: { children: { kind: string }[] } }).section;
          const hasImage = JSON.stringify(section).includes('"kind":"image"');
          return Promise.resolve({ sectionId: `S:${++n}`, slots: hasImage ? [{ nodeId: `I:${n}`, prompt: 'photo', name: 'Hero image', width: 600, height: 450 }] : [] }) as never;
        }
        case 'finishDesign':
          return Promise.resolve({ frameId: 'F:1' }) as never;
        default:
          return Promise.resolve(undefined) as never;
      }
    },
  };
  return { port, calls, names: () => calls.map((c) => c.name) };
}

/** A language model that streams `answer` in pieces; `answers` for successive predictions. */
function languageModel(answers: string[], options: { stream?: boolean; onPiece?: (i: number) => void; hang?: boolean } = {}) {
  let created = 0;
  const canceled: string[] = [];
  const access: ReplicateAccess = {
    getModel: async () => ({ id: 'anthropic/claude-4-sonnet', capabilities: readCapabilities(LLM_SCHEMA as never) }),
    createPrediction: async () => {
      const id = `p${++created}`;
      return { id, status: 'starting', urls: options.stream === false ? {} : { stream: `https://stream/${id}` } } as never;
    },
    streamText: async (url, onPiece, signal) => {
      const answer = answers[Number(url.split('/p').pop()) - 1];
      const pieces = answer.match(/[\s\S]{1,7}/g) ?? [];
      for (const [i, piece] of pieces.entries()) {
        if (signal?.aborted) throw signal.reason;
        onPiece(piece);
        options.onPiece?.(i);
        if (i % 50 === 0) await new Promise((r) => setTimeout(r, 0));
      }
      if (options.hang) await new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));
      return answer;
    },
    getPrediction: async (id) => ({ id, status: 'succeeded', output: (answers[Number(id.slice(1)) - 1].match(/[\s\S]{1,7}/g) ?? []) }) as never,
    cancelPrediction: async (id) => void canceled.push(id),
    download: async () => new Uint8Array(),
    inputUrl: async () => 'data:',
  };
  return { access, canceled, created: () => created };
}

function imageJobs() {
  const started: JobSpec[] = [];
  const startImageJob = (spec: JobSpec, onChange: (s: JobSnapshot) => void) => {
    started.push(spec);
    const done = Promise.resolve().then(() => {
      const final: JobSnapshot = { id: `j${started.length}`, spec, phase: 'done', variants: [{ status: 'placed', nodeId: 'x' }] };
      onChange(final);
      return final;
    });
    return { id: `j${started.length}`, cancel: () => undefined, done };
  };
  return { started, startImageJob };
}

describe('design job', () => {
  it('builds the first section while the language model is still writing', async () => {
    const answer = demoDesignAnswer(`Design this screen (1440×1024 px):\n${base.prompt}`);
    const plugin = controller();
    let sectionsWhileStreaming = 0;
    let lastPiece = 0;
    const lm = languageModel([answer], {
      onPiece: (i) => {
        lastPiece = i;
        if (plugin.names().includes('addDesignSection') && sectionsWhileStreaming === 0) sectionsWhileStreaming = i;
      },
    });
    const images = imageJobs();
    const final = await startDesignJob(base, { plugin: plugin.port, replicate: lm.access, startImageJob: images.startImageJob }, () => undefined).done;
    expect(final.phase).toBe('done');
    expect(sectionsWhileStreaming).toBeGreaterThan(0);
    expect(sectionsWhileStreaming).toBeLessThan(lastPiece / 2);
    const names = plugin.names();
    expect(names[0]).toBe('startDesign');
    expect(names.indexOf('setDesignTokens')).toBeLessThan(names.indexOf('addDesignSection'));
    expect(names.at(-1)).toBe('finishDesign');
    const sections = plugin.calls.filter((c) => c.name === 'addDesignSection').map((c) => c.payload.index);
    expect(sections).toEqual([...sections.keys()]);
    expect(final.sections).toBeGreaterThanOrEqual(5);
    const recipe = plugin.calls.at(-1)!.payload.recipe as { spec: { sections: unknown[] }; llm: string };
    expect(recipe.spec.sections).toHaveLength(final.sections);
  });

  it('generates each image slot as an image job targeted at the slot, with the design’s image style', async () => {
    const answer = demoDesignAnswer(`Design this screen (1440×1024 px):\n${base.prompt}`);
    const images = imageJobs();
    const final = await startDesignJob(base, { plugin: controller().port, replicate: languageModel([answer]).access, startImageJob: images.startImageJob }, () => undefined).done;
    expect(images.started.length).toBeGreaterThan(0);
    expect(images.started[0]).toMatchObject({
      tool: 'generate', model: 'black-forest-labs/flux-schnell', count: 1, parentId: 'F:1',
      shape: { kind: 'slots', nodeIds: [expect.any(String)], width: 600, height: 450 },
    });
    expect(images.started[0].prompt).toMatch(/photo, warm natural light/);
    expect(final.images).toEqual({ total: images.started.length, placed: images.started.length, failed: 0 });
  });

  it('asks each image slot to match its design frame only when the design says so', async () => {
    const answer = demoDesignAnswer(`Design this screen (1440×1024 px):\n${base.prompt}`);
    const matching = imageJobs();
    await startDesignJob({ ...base, matchFrame: true }, { plugin: controller().port, replicate: languageModel([answer]).access, startImageJob: matching.startImageJob }, () => undefined).done;
    expect(matching.started.length).toBeGreaterThan(0);
    expect(matching.started.every((spec) => spec.matchFrame === true)).toBe(true);
    const plain = imageJobs();
    await startDesignJob(base, { plugin: controller().port, replicate: languageModel([answer]).access, startImageJob: plain.startImageJob }, () => undefined).done;
    expect(plain.started.some((spec) => spec.matchFrame)).toBe(false);
  });

  it('builds a design from a model that does not stream, at the end', async () => {
    const answer = demoDesignAnswer(`Design this screen (1440×1024 px):\n${base.prompt}`);
    const plugin = controller();
    const final = await startDesignJob(base, { plugin: plugin.port, replicate: languageModel([answer], { stream: false }).access, startImageJob: imageJobs().startImageJob, pollIntervalMs: 1 }, () => undefined).done;
    expect(final.phase).toBe('done');
    expect(plugin.names().filter((n) => n === 'addDesignSection').length).toBe(final.sections);
  });

  it('asks the model once more with what was wrong, then builds the repaired answer', async () => {
    const good = demoDesignAnswer(`Design this screen (1440×1024 px):\n${base.prompt}`);
    const lm = languageModel(['Sure! Here is a lovely design for you.', good]);
    const final = await startDesignJob(base, { plugin: controller().port, replicate: lm.access, startImageJob: imageJobs().startImageJob }, () => undefined).done;
    expect(lm.created()).toBe(2);
    expect(final.phase).toBe('done');
    expect(final.notes.join(' ')).toMatch(/asked once more/);
  });

  it('says a refusal plainly and removes the frame', async () => {
    const plugin = controller();
    const lm = languageModel(["I'm sorry, but I can't help with that request."]);
    const final = await startDesignJob(base, { plugin: plugin.port, replicate: lm.access, startImageJob: imageJobs().startImageJob }, () => undefined).done;
    expect(final.phase).toBe('failed');
    expect(final.message).toMatch(/declined|can.t help|refus/i);
    expect(lm.created()).toBe(1);
    expect(plugin.calls.at(-1)).toMatchObject({ name: 'finishDesign', payload: { outcome: 'failed' } });
  });

  it('cancel stops the language model on Replicate and leaves no half-built frame', async () => {
    const answer = demoDesignAnswer(`Design this screen (1440×1024 px):\n${base.prompt}`);
    const plugin = controller();
    const lm = languageModel([answer], { hang: true });
    const seen: DesignSnapshot[] = [];
    const handle = startDesignJob(base, { plugin: plugin.port, replicate: lm.access, startImageJob: imageJobs().startImageJob }, (s) => seen.push(s));
    while (!plugin.names().includes('addDesignSection')) await new Promise((r) => setTimeout(r, 1));
    handle.cancel();
    const final = await handle.done;
    expect(final.phase).toBe('canceled');
    expect(lm.canceled).toEqual(['p1']);
    expect(plugin.calls.at(-1)).toMatchObject({ name: 'finishDesign', payload: { outcome: 'canceled' } });
  });

  it('says what is missing before any request: no token, no prompt', async () => {
    const plugin = controller();
    const noToken = await startDesignJob(base, { plugin: plugin.port, replicate: undefined, startImageJob: imageJobs().startImageJob }, () => undefined).done;
    expect(noToken.message).toMatch(/token/);
    const noPrompt = await startDesignJob({ ...base, prompt: ' ' }, { plugin: plugin.port, replicate: languageModel(['']).access, startImageJob: imageJobs().startImageJob }, () => undefined).done;
    expect(noPrompt.message).toMatch(/Describe the design/);
    expect(plugin.calls).toHaveLength(0);
  });
});
