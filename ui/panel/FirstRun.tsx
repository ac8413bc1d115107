import type { PanelModel } from '../state/panel-model';

/** A starting point for each of the three things people make here; each fills the form. */
export interface Example {
  title: string;
  blurb: string;
  prompt: string;
  model: string;
  ratio: string;
}

export const EXAMPLES: readonly Example[] = [
  {
    title: 'Mockup photo',
    blurb: 'A product shot for a layout',
    prompt: 'A matte white ceramic mug on a linen tablecloth, soft morning window light, shallow depth of field, product photography',
    model: 'black-forest-labs/flux-schnell',
    ratio: '4:3',
  },
  {
    title: 'Logo',
    blurb: 'An editable vector',
    prompt: 'A minimal logo mark for a coffee roastery called Ember: a flame inside a coffee bean, two flat colours',
    model: 'recraft-ai/recraft-v3-svg',
    ratio: '1:1',
  },
  {
    title: 'App screen',
    blurb: 'A phone UI frame',
    prompt: 'A mobile app home screen for a plant-care app: today’s watering list as rounded cards, soft green palette, clean UI',
    model: 'ideogram-ai/ideogram-v3-turbo',
    ratio: '9:16',
  },
];

/** Shown while nothing has been typed or run yet: what the panel is for, by example. */
export function FirstRun({ model }: { model: PanelModel }) {
  return (
    <section class="first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">Start from an example</h2>
      <p class="hint">Each fills in the prompt, a model that suits it and a ratio. Edit anything, then Generate.</p>
      <div class="examples">
        {EXAMPLES.map((example) => (
          <button type="button" class="example" key={example.title} onClick={() => void model.fillExample(example)}>
            <span class="example-title">{example.title}</span>
            <span class="example-blurb">{example.blurb}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
