/**
 * The demo backend's language model for design generation: composes a layout spec from the
 * words of the request (hero, features, pricing, testimonials, FAQ, sign-in form, steps,
 * dashboard, footer…), deterministically, so `npm start` shows design generation with no
 * token and tests get the same answer every time. Redesign requests ("Redesign one section")
 * get that section back changed by the instruction (a grid, friendlier copy, darker…).
 * It answers JSON text the way a chat model does; the caller streams it piece by piece.
 */
import { hash32, rng } from './images';

type Json = Record<string, unknown>;

const PALETTES: { words: RegExp; palette: Json; style: string }[] = [
  {
    words: /coffee|cafe|bakery|roast|tea|food|restaurant/i,
    palette: { background: '#fbf7f2', surface: '#f1e7db', primary: '#6b3e26', onPrimary: '#ffffff', text: '#2b1d14', muted: '#7a6657', accent: '#d08c3c', border: '#e2d3c3' },
    style: 'warm natural light, film photography, earthy tones',
  },
  {
    words: /bank|finance|dashboard|analytics|saas|crm|admin/i,
    palette: { background: '#f7f8fb', surface: '#ffffff', primary: '#3b5bdb', onPrimary: '#ffffff', text: '#1a1f36', muted: '#697386', accent: '#12b886', border: '#e3e8ee' },
    style: 'clean product photography, soft studio light, cool tones',
  },
  {
    words: /fitness|sport|gym|run|health|yoga/i,
    palette: { background: '#0f1115', surface: '#1a1d24', primary: '#c6f432', onPrimary: '#0f1115', text: '#f5f6f8', muted: '#9aa1ad', accent: '#ff6b3d', border: '#2a2e37' },
    style: 'high-contrast athletic photography, dramatic light',
  },
];
const DEFAULT_PALETTE = {
  palette: { background: '#ffffff', surface: '#f4f4f6', primary: '#5b4bdb', onPrimary: '#ffffff', text: '#17151f', muted: '#6b6878', accent: '#f59f00', border: '#e6e4ec' },
  style: 'bright editorial photography, soft daylight',
};

/** The whole answer for one request, as a model would write it. */
export function demoDesignAnswer(text: string): string {
  // A repair round repeats the request, then says what was wrong: answer the request.
  const prompt = text.split('\n\nYour previous answer could not be used')[0];
  if (/Redesign one section/.test(prompt)) return JSON.stringify(redesign(prompt));
  const request = /Design this screen \((\d+)×(\d+) px\):\n([\s\S]*?)(?:\n\nThis is layout alternative (\d+)|$)/.exec(prompt);
  const width = Number(request?.[1] ?? 1440);
  const subject = (request?.[3] ?? prompt).trim();
  const alternative = Number(request?.[4] ?? 1);
  return JSON.stringify(design(subject, width, alternative), null, 1);
}

function design(subject: string, width: number, alternative: number): Json {
  const r = rng(hash32(`${subject}#${alternative}`));
  const theme = PALETTES.find((p) => p.words.test(subject)) ?? DEFAULT_PALETTE;
  const topic = topicOf(subject);
  const narrow = width < 700;
  const pad = narrow ? 20 : 80;
  const wants = (re: RegExp) => re.test(subject);
  const sections: Json[] = [nav(topic, narrow, pad)];
  if (wants(/sign.?in|log.?in|sign.?up|register/i)) sections.push(signIn(topic, narrow, pad));
  else sections.push(hero(topic, narrow, pad, alternative, r));
  if (wants(/dashboard|analytics|admin/i)) sections.push(dashboard(narrow, pad));
  if (wants(/feature|benefit|why/i) || sections.length < 3) sections.push(features(topic, narrow, pad));
  if (wants(/step|onboard|how it works/i)) sections.push(steps(narrow, pad));
  if (wants(/pric|plan|subscri|tier/i)) sections.push(pricing(topic, narrow, pad));
  if (wants(/testimonial|review|quote/i)) sections.push(testimonials(narrow, pad));
  if (wants(/faq|question/i)) sections.push(faq(topic, pad));
  if (wants(/footer/i) || sections.length >= 3) sections.push(footer(topic, narrow, pad));
  return {
    v: 1,
    title: `${capitalise(topic)} — ${subject.split(/[:.\n]/)[0].slice(0, 40)}`,
    imageStyle: theme.style,
    palette: theme.palette,
    typography: { heading: alternative % 2 === 0 ? 'Playfair Display' : 'Inter', body: 'Inter', baseSize: narrow ? 15 : 16 },
    sections,
  };
}

const text = (t: string, role: string, extra: Json = {}) => ({ kind: 'text', text: t, role, ...extra });
const frame = (name: string, direction: string, children: Json[], extra: Json = {}) => ({ kind: 'frame', name, direction, children, ...extra });
const button = (label: string, primary = true) =>
  frame(`Button · ${label}`, 'horizontal', [text(label, 'button', primary ? {} : { color: 'primary' })], {
    padding: [12, 20],
    radius: 8,
    width: 'hug',
    justify: 'center',
    ...(primary ? { fill: 'primary' } : { stroke: 'primary' }),
  });

function nav(topic: string, narrow: boolean, pad: number): Json {
  const links = narrow ? [{ kind: 'icon', name: 'menu' }] : ['Product', 'Pricing', 'About'].map((l) => text(l, 'label', { color: 'text' }));
  return frame('Navigation', 'horizontal', [
    text(capitalise(topic), 'h3'),
    frame('Links', 'horizontal', links, { gap: 28, align: 'center', width: 'hug' }),
  ], { padding: [20, pad], justify: 'space-between', align: 'center' });
}

function hero(topic: string, narrow: boolean, pad: number, alternative: number, r: () => number): Json {
  const copy = frame('Hero copy', 'vertical', [
    text(['Made for people who care', 'Better every morning', 'Everything in one place'][Math.floor(r() * 3)], 'label', { color: 'accent' }),
    text(`${capitalise(topic)}, done beautifully`, narrow ? 'h1' : 'display'),
    text(`A simpler way to enjoy ${topic}: thoughtfully chosen, delivered when you want it, and easy to change any time.`, 'body', { color: 'muted' }),
    frame('Actions', 'horizontal', [button('Get started'), button('See how it works', false)], { gap: 12, width: 'hug' }),
  ], { gap: 20, width: 'fill' });
  const image = { kind: 'image', name: 'Hero image', prompt: `${topic}, hero photograph, inviting, high detail`, aspect: narrow ? '4:3' : '5:4', radius: 16 };
  const children = alternative % 2 === 0 ? [image, copy] : [copy, image];
  return frame('Hero', narrow ? 'vertical' : 'horizontal', children, { padding: [narrow ? 32 : 72, pad], gap: narrow ? 28 : 56, align: 'center' });
}

function features(topic: string, narrow: boolean, pad: number): Json {
  const items = [
    ['star', 'Hand-picked quality', `Only the ${topic} we would choose ourselves.`],
    ['calendar', 'On your schedule', 'Pause, skip or change plans whenever you like.'],
    ['heart', 'Loved by thousands', 'Join a community that shares what it discovers.'],
  ];
  return frame('Features', 'vertical', [
    text(`Why people choose our ${topic}`, 'h2', { align: 'center' }),
    frame('Feature cards', narrow ? 'vertical' : 'horizontal', items.map(([icon, title, body]) =>
      frame(`Feature · ${title}`, 'vertical', [
        { kind: 'icon', name: icon, color: 'primary', size: 28 },
        text(title, 'h3'),
        text(body, 'body', { color: 'muted' }),
      ], { padding: 24, gap: 12, fill: 'surface', radius: 12, width: 'fill' }),
    ), { gap: 20 }),
  ], { padding: [64, pad], gap: 32, align: 'center' });
}

function pricing(topic: string, narrow: boolean, pad: number): Json {
  const plans = [
    ['Taster', '$12', 'One bag a month', false],
    ['Regular', '$22', 'Two bags a month, free shipping', true],
    ['Devotee', '$38', 'Four bags and early access', false],
  ] as const;
  return frame('Pricing', 'vertical', [
    text('Choose your plan', 'h2', { align: 'center' }),
    text(`Every plan includes fresh ${topic} and free cancellation.`, 'body', { align: 'center', color: 'muted' }),
    frame('Plan cards', narrow ? 'vertical' : 'horizontal', plans.map(([name, price, blurb, featured]) =>
      frame(`Plan card · ${name}`, 'vertical', [
        text(name, 'h3', featured ? {} : {}),
        text(`${price}/month`, 'h1'),
        text(blurb, 'body'),
        frame('Includes', 'vertical', ['Free returns', 'Pause any time'].map((f) =>
          frame(`Includes · ${f}`, 'horizontal', [{ kind: 'icon', name: 'check', size: 18 }, text(f, 'caption')], { gap: 8, align: 'center' }),
        ), { gap: 8 }),
        button(featured ? 'Start now' : 'Choose', featured),
      ], { padding: 28, gap: 14, radius: 16, width: 'fill', ...(featured ? { fill: 'primary' } : { fill: 'surface', stroke: 'border' }) }),
    ), { gap: 20, align: 'start' }),
  ], { padding: [64, pad], gap: 16, align: 'center' });
}

function testimonials(narrow: boolean, pad: number): Json {
  const quotes = [
    ['“The best part of my week, every week.”', 'Maya R.'],
    ['“Beautifully made and so easy to manage.”', 'Jon P.'],
  ];
  return frame('Testimonials', narrow ? 'vertical' : 'horizontal', quotes.map(([q, who]) =>
    frame(`Testimonial · ${who}`, 'vertical', [
      text(q, 'h3'),
      frame('Author', 'horizontal', [
        { kind: 'image', name: `Portrait · ${who}`, prompt: 'friendly portrait photo, natural light', width: 44, height: 44, radius: 22 },
        text(who, 'label'),
      ], { gap: 12, align: 'center' }),
    ], { padding: 28, gap: 16, fill: 'surface', radius: 12, width: 'fill' }),
  ), { padding: [56, pad], gap: 20 });
}

function faq(topic: string, pad: number): Json {
  const qs = [
    [`How fresh is the ${topic}?`, 'It is prepared the week it ships and arrives within days.'],
    ['Can I pause my subscription?', 'Yes — pause, skip or cancel from your account at any time.'],
    ['Do you ship abroad?', 'We ship to most of Europe and North America.'],
  ];
  return frame('FAQ', 'vertical', [
    text('Questions, answered', 'h2'),
    ...qs.map(([q, a]) =>
      frame(`Question · ${q}`, 'vertical', [
        frame('Question row', 'horizontal', [text(q, 'h3', { width: 'fill' }), { kind: 'icon', name: 'chevron-down', color: 'muted' }], { align: 'center', gap: 12 }),
        text(a, 'body', { color: 'muted' }),
      ], { padding: [16, 0], gap: 8, stroke: 'border' }),
    ),
  ], { padding: [64, pad], gap: 16 });
}

function steps(narrow: boolean, pad: number): Json {
  return frame('Steps', narrow ? 'vertical' : 'horizontal', ['Pick your taste', 'Set your rhythm', 'Enjoy at home'].map((s, i) =>
    frame(`Step ${i + 1}`, 'vertical', [text(String(i + 1), 'h1', { color: 'accent' }), text(s, 'h3'), text('Takes less than a minute.', 'body', { color: 'muted' })], { gap: 8, width: 'fill' }),
  ), { padding: [56, pad], gap: 24 });
}

function dashboard(narrow: boolean, pad: number): Json {
  const stats = [['Revenue', '$48,210'], ['Active users', '3,482'], ['Churn', '1.8%']];
  return frame('Dashboard', 'vertical', [
    frame('Stats', narrow ? 'vertical' : 'horizontal', stats.map(([k, v]) =>
      frame(`Stat · ${k}`, 'vertical', [text(k, 'label'), text(v, 'h2')], { padding: 20, gap: 6, fill: 'surface', radius: 12, width: 'fill' }),
    ), { gap: 16 }),
    frame('Chart card', 'vertical', [text('Weekly activity', 'h3'), { kind: 'image', name: 'Chart', prompt: 'minimal line chart illustration, flat', aspect: '3:1', radius: 8 }], { padding: 20, gap: 12, fill: 'surface', radius: 12 }),
  ], { padding: [32, pad], gap: 16 });
}

function signIn(topic: string, narrow: boolean, pad: number): Json {
  const field = (label: string, hint: string) =>
    frame(`Field · ${label}`, 'vertical', [text(label, 'label'), frame('Input', 'horizontal', [text(hint, 'body', { color: 'muted' })], { padding: [12, 14], stroke: 'border', radius: 8 })], { gap: 6 });
  return frame('Sign in', 'vertical', [
    frame('Sign-in card', 'vertical', [
      text(`Welcome back to ${topic}`, 'h2'),
      field('Email', 'you@example.com'),
      field('Password', '••••••••'),
      button('Sign in'),
      text('New here? Create an account', 'caption', { align: 'center' }),
    ], { padding: 32, gap: 18, fill: 'surface', radius: 16, width: narrow ? 'fill' : 420 }),
  ], { padding: [72, pad], align: 'center' });
}

function footer(topic: string, narrow: boolean, pad: number): Json {
  return frame('Footer', narrow ? 'vertical' : 'horizontal', [
    text(`© 2026 ${capitalise(topic)} Co.`, 'caption'),
    frame('Footer links', 'horizontal', ['Privacy', 'Terms', 'Contact'].map((l) => text(l, 'caption')), { gap: 20, width: 'hug' }),
  ], { padding: [28, pad], justify: 'space-between', fill: 'surface' });
}

/** A section redesign: the section changed by the instruction, in a whole spec with the kept tokens. */
function redesign(prompt: string): Json {
  const instruction = /Instruction: (.*)/.exec(prompt)?.[1] ?? '';
  const sectionJson = /The section now:\n(.*)/.exec(prompt)?.[1] ?? '{}';
  const tokensJson = /typography:\n(.*)/.exec(prompt)?.[1] ?? '{}';
  const section = JSON.parse(sectionJson) as Json;
  const tokens = JSON.parse(tokensJson) as Json;
  const changed = { ...section } as Json & { children?: Json[] };
  const columns = /(\d+)[- ]column/i.exec(instruction);
  if (columns || /grid/i.test(instruction)) {
    changed.direction = 'horizontal';
    changed.wrap = true;
    changed.gap = 20;
    const kids = (changed.children ?? []) as Json[];
    changed.children = kids.map((c) => (c.kind === 'frame' ? { ...c, width: 'fill' } : c));
  }
  if (/friendl|warm|casual/i.test(instruction)) changed.children = rewrite(changed.children as Json[] | undefined, (t) => `${t.replace(/\.$/, '')} — we're here to help!`);
  if (/dark/i.test(instruction)) changed.fill = 'text';
  if (/bigger|larger|bold/i.test(instruction)) changed.padding = 96;
  return { ...tokens, sections: [changed] };
}

function rewrite(children: Json[] | undefined, change: (t: string) => string): Json[] | undefined {
  return children?.map((c) => {
    if (c.kind === 'text' && (c.role === 'body' || c.role === 'h2')) return { ...c, text: change(String(c.text)).slice(0, 300) };
    if (c.kind === 'frame') return { ...c, children: rewrite(c.children as Json[], change) };
    return c;
  });
}

function topicOf(subject: string): string {
  const m = /\bfor (?:a |an |the )?([a-z][a-z -]{2,30}?)(?:[:,.\n]|$)/i.exec(subject);
  const topic = (m?.[1] ?? subject.split(/[:,.\n]/)[0].split(' ').slice(0, 3).join(' ')).trim();
  return topic.replace(/\b(subscription|app|website|landing page|page)\b/gi, '').trim() || 'studio';
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
