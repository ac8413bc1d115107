/**
 * Figma's `--figma-color-*` variables (showUI themeColors: true), light and dark. Figma adds
 * them to the plugin iframe's document with a `figma-light` / `figma-dark` class on <html>;
 * the playground does the same. Values follow Figma's UI3 tokens closely enough to judge a panel.
 */
export type ThemeName = 'light' | 'dark';

export const THEME_COLORS: Record<ThemeName, Record<string, string>> = {
  light: {
    bg: '#ffffff',
    'bg-secondary': '#f5f5f5',
    'bg-tertiary': '#e6e6e6',
    'bg-hover': '#f5f5f5',
    'bg-pressed': '#e6e6e6',
    'bg-selected': '#e5f4ff',
    'bg-brand': '#0d99ff',
    'bg-brand-hover': '#007be5',
    'bg-brand-pressed': '#007be5',
    'bg-danger': '#f24822',
    'bg-success': '#14ae5c',
    'bg-warning': '#ffcd29',
    'bg-inverse': '#2c2c2c',
    text: '#1e1e1e',
    'text-secondary': '#757575',
    'text-tertiary': '#b3b3b3',
    'text-disabled': '#b3b3b3',
    'text-brand': '#007be5',
    'text-danger': '#dc3412',
    'text-success': '#008043',
    'text-warning': '#b86200',
    'text-onbrand': '#ffffff',
    'text-oninverse': '#ffffff',
    border: '#e6e6e6',
    'border-strong': '#383838',
    'border-selected': '#0d99ff',
    'border-brand': '#0d99ff',
    'border-danger': '#f24822',
    icon: '#1e1e1e',
    'icon-secondary': '#757575',
    'icon-brand': '#0d99ff',
    'icon-onbrand': '#ffffff',
  },
  dark: {
    bg: '#2c2c2c',
    'bg-secondary': '#383838',
    'bg-tertiary': '#444444',
    'bg-hover': '#383838',
    'bg-pressed': '#444444',
    'bg-selected': '#4a5878',
    'bg-brand': '#0c8ce9',
    'bg-brand-hover': '#0a6dc2',
    'bg-brand-pressed': '#0a6dc2',
    'bg-danger': '#e03e1a',
    'bg-success': '#198f51',
    'bg-warning': '#f7d15f',
    'bg-inverse': '#ffffff',
    text: '#ffffff',
    'text-secondary': '#b3b3b3',
    'text-tertiary': '#7a7a7a',
    'text-disabled': '#7a7a7a',
    'text-brand': '#7cc4f8',
    'text-danger': '#fca397',
    'text-success': '#79d297',
    'text-warning': '#f7d15f',
    'text-onbrand': '#ffffff',
    'text-oninverse': '#1e1e1e',
    border: '#444444',
    'border-strong': '#e6e6e6',
    'border-selected': '#0c8ce9',
    'border-brand': '#0c8ce9',
    'border-danger': '#e03e1a',
    icon: '#ffffff',
    'icon-secondary': '#b3b3b3',
    'icon-brand': '#7cc4f8',
    'icon-onbrand': '#ffffff',
  },
};

export function themeCss(theme: ThemeName): string {
  const vars = Object.entries(THEME_COLORS[theme])
    .map(([k, v]) => `--figma-color-${k}:${v};`)
    .join('');
  return `:root{${vars}color-scheme:${theme};}`;
}

/** The message the host posts into the plugin iframe to switch theme (not a pluginMessage: the panel ignores it). */
export interface ThemeMessage {
  __playgroundTheme: { name: ThemeName; css: string };
}

/**
 * A script prepended to the plugin's HTML, as Figma prepends its own: applies the theme at
 * once and again whenever the host posts a ThemeMessage, without reloading the panel.
 */
export function themeBootstrap(theme: ThemeName): string {
  const apply = `function __pgTheme(t){var d=document.documentElement;d.classList.remove('figma-light','figma-dark');d.classList.add('figma-'+t.name);var s=document.getElementById('figma-style');if(!s){s=document.createElement('style');s.id='figma-style';(document.head||d).prepend(s);}s.textContent=t.css;}`;
  const initial = JSON.stringify({ name: theme, css: themeCss(theme) });
  const listen = `window.addEventListener('message',function(e){if(e.source===parent&&e.data&&e.data.__playgroundTheme)__pgTheme(e.data.__playgroundTheme);});`;
  return `<script>${apply}__pgTheme(${initial});${listen}</script>`;
}
