import type { FigmaFake } from '../../tests/fakes/figma';
import type { ThemeName } from './theme';

/**
 * The playground's own controls: Add frame (a target to fill), Draw shape (a target or mask),
 * Zoom to fit, the undo steps the plugin committed, the backend in use and the theme.
 */
export interface Toolbar {
  update(): void;
  setDrawing(on: boolean): void;
  /** The theme changed elsewhere (window.__playground.setTheme). */
  setTheme(theme: ThemeName): void;
}

export interface ToolbarActions {
  onDrawToggle(): void;
  onTheme(theme: ThemeName): void;
  onChange(): void;
  onAutoFit(on: boolean): void;
}

const FRAME_SIZES: [number, number][] = [
  [480, 320],
  [300, 400],
  [400, 225],
  [320, 320],
];

export function createToolbar(
  fake: FigmaFake,
  host: HTMLElement,
  options: { theme: ThemeName; backend: string; demo: boolean },
  actions: ToolbarActions,
): Toolbar {
  const figma = fake.figma;
  let theme = options.theme;
  let frames = 0;

  const addFrame = button('Add frame', () => {
    const [w, h] = FRAME_SIZES[frames++ % FRAME_SIZES.length];
    const frame = figma.createFrame();
    frame.name = `Frame ${frames}`;
    frame.resize(w, h);
    const others = figma.currentPage.children.filter((n) => n.id !== frame.id);
    const vp = figma.viewport.bounds;
    if (others.length === 0) {
      frame.x = Math.round(vp.x + 60);
      frame.y = Math.round(vp.y + 60);
    } else {
      const right = Math.max(...others.map((n) => n.x + n.width));
      const top = Math.min(...others.map((n) => n.y));
      frame.x = Math.round(right + 60);
      frame.y = Math.round(top);
    }
    fake.select([frame]);
    const b = figma.viewport.bounds;
    if (frame.x + w > b.x + b.width || frame.y + h > b.y + b.height) figma.viewport.scrollAndZoomIntoView(figma.currentPage.children);
    actions.onChange();
  });
  const draw = button('Draw shape', () => actions.onDrawToggle());
  draw.setAttribute('aria-pressed', 'false');
  draw.title = 'Drag on the canvas to draw an ellipse (a target, or a mask over an image)';
  const fit = button('Zoom to fit', () => {
    const nodes = figma.currentPage.children;
    if (nodes.length) figma.viewport.scrollAndZoomIntoView(nodes);
    actions.onChange();
  });
  const follow = document.createElement('label');
  follow.className = 'follow';
  follow.title = 'Zoom out when a new layer lands outside the view (a playground convenience; Figma does not do this)';
  const followBox = document.createElement('input');
  followBox.type = 'checkbox';
  followBox.checked = true;
  followBox.addEventListener('change', () => actions.onAutoFit(followBox.checked));
  follow.append(followBox, span('', 'Follow new layers'));
  const undo = document.createElement('span');
  undo.className = 'undo';
  undo.setAttribute('role', 'status');
  undo.setAttribute('aria-label', 'Undo commits');
  undo.title = 'figma.commitUndo() calls: each closes an undo step in Figma (the playground cannot undo)';
  const selection = document.createElement('span');
  selection.className = 'sel-info';
  // The long name gives way to a short one in narrow windows (CSS), so the row never wraps.
  const backend = document.createElement('span');
  backend.className = options.demo ? 'backend demo' : 'backend';
  backend.title = options.backend;
  backend.append(span('long', options.backend), span('short', options.demo ? 'Demo' : 'Replicate'));
  const themeButton = button('', () => {
    theme = theme === 'light' ? 'dark' : 'light';
    actions.onTheme(theme);
    update();
  });
  themeButton.setAttribute('aria-label', 'Dark theme');

  const title = document.createElement('span');
  title.className = 'title';
  title.title = 'Diffusion playground';
  const logo = document.createElement('img');
  logo.src = '/favicon.svg';
  logo.alt = '';
  const name = document.createElement('strong');
  name.textContent = 'Diffusion playground';
  title.append(logo, name);
  host.append(title, addFrame, draw, fit, follow, selection, undo, backend, themeButton);

  let lastUndo = -1;
  function update(): void {
    if (fake.undoCommits !== lastUndo) {
      if (lastUndo >= 0) {
        undo.classList.remove('flash');
        void undo.offsetWidth;
        undo.classList.add('flash');
      }
      lastUndo = fake.undoCommits;
      undo.textContent = `Undo commits: ${fake.undoCommits}`;
    }
    const n = figma.currentPage.selection.length;
    const said = n === 0 ? 'Nothing selected' : n === 1 ? `Selected: ${figma.currentPage.selection[0].name}` : `${n} selected`;
    // Runs every frame: only what changed is written (a write of the same text still made the
    // page lay out and paint 60 times a second while nothing happened).
    if (selection.textContent !== said) {
      selection.textContent = said;
      selection.title = said;
    }
    const themeLabel = theme === 'dark' ? '☀ Light' : '☾ Dark';
    if (themeButton.textContent !== themeLabel) themeButton.textContent = themeLabel;
    const pressed = String(theme === 'dark');
    if (themeButton.getAttribute('aria-pressed') !== pressed) themeButton.setAttribute('aria-pressed', pressed);
  }
  update();
  return {
    update,
    setDrawing(on) {
      draw.setAttribute('aria-pressed', String(on));
    },
    setTheme(next) {
      theme = next;
      update();
    },
  };
}

function button(text: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

function span(className: string, text: string): HTMLSpanElement {
  const e = document.createElement('span');
  if (className) e.className = className;
  e.textContent = text;
  return e;
}
