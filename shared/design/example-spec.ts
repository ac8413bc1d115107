import type { DesignSpec } from './spec';

/**
 * One small, complete answer: shown to language models that take no JSON schema (a worked
 * example beats a schema alone), and a known-good spec for tests. Deliberately a different
 * product from anything a user is likely to ask for, so its copy isn't echoed back.
 */
export const EXAMPLE_SPEC: DesignSpec = {
  v: 1,
  title: 'Trailhead – hiking app landing page',
  imageStyle: 'bright natural daylight, editorial outdoor photography, muted greens',
  palette: {
    background: '#fbfaf7',
    surface: '#eef1ea',
    primary: '#2f6b3f',
    onPrimary: '#ffffff',
    text: '#1d2a20',
    muted: '#5f6d62',
    accent: '#e0a526',
    border: '#d9ded6',
  },
  typography: { heading: 'Fraunces', body: 'Inter', baseSize: 16 },
  sections: [
    {
      kind: 'frame',
      name: 'Hero',
      direction: 'horizontal',
      gap: 48,
      padding: [80, 96],
      align: 'center',
      width: 'fill',
      fill: 'background',
      children: [
        {
          kind: 'frame',
          name: 'Hero copy',
          direction: 'vertical',
          gap: 20,
          width: 'fill',
          children: [
            { kind: 'text', role: 'label', text: 'New: offline trail maps', color: 'primary' },
            { kind: 'text', role: 'display', text: 'Find the trail that fits your weekend' },
            { kind: 'text', role: 'body', text: 'Routes rated by hikers near you, with elevation, water stops and the best time to go.', color: 'muted' },
            {
              kind: 'frame',
              name: 'Button – Get the app',
              direction: 'horizontal',
              padding: [12, 24],
              radius: 8,
              fill: 'primary',
              children: [{ kind: 'text', role: 'button', text: 'Get the app', color: 'onPrimary' }],
            },
          ],
        },
        { kind: 'image', name: 'Hero photo', prompt: 'two hikers on a ridge trail above a misty pine valley at sunrise', aspect: '4:3', width: 'fill', radius: 16 },
      ],
    },
    {
      kind: 'frame',
      name: 'Features',
      direction: 'horizontal',
      gap: 24,
      padding: [64, 96],
      width: 'fill',
      fill: 'surface',
      children: [
        {
          kind: 'frame',
          name: 'Feature card',
          direction: 'vertical',
          gap: 12,
          padding: 24,
          radius: 12,
          width: 'fill',
          fill: 'background',
          stroke: 'border',
          children: [
            { kind: 'icon', name: 'star', color: 'accent', size: 28 },
            { kind: 'text', role: 'h3', text: 'Honest ratings' },
            { kind: 'text', role: 'body', text: 'Every trail scored on views, difficulty and crowds.', color: 'muted' },
          ],
        },
      ],
    },
    {
      kind: 'frame',
      name: 'Footer',
      direction: 'horizontal',
      justify: 'space-between',
      padding: [32, 96],
      width: 'fill',
      fill: 'text',
      children: [
        { kind: 'text', role: 'label', text: 'Trailhead', color: 'background' },
        { kind: 'text', role: 'caption', text: '© 2025 Trailhead. Leave no trace.', color: 'border' },
      ],
    },
  ],
};
