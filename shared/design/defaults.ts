import type { Palette, Typography } from './spec';

/**
 * Language models offered for design generation. Claude 4 Sonnet writes the best layouts
 * from a schema in its system prompt; GPT-5 structured takes the schema itself
 * (`json_schema`), so its answers always parse. Any other `owner/name` works too: its
 * fields are read from its own openapi_schema.
 */
export const DEFAULT_LANGUAGE_MODEL = 'anthropic/claude-4-sonnet';

export const LANGUAGE_MODEL_CHOICES: ReadonlyArray<{ id: string; label: string }> = [
  { id: 'anthropic/claude-4-sonnet', label: 'Claude 4 Sonnet' },
  { id: 'openai/gpt-5-structured', label: 'GPT-5 (structured output)' },
];

/** Targets when no frame is selected (the presets). */
export const DEVICE_PRESETS: ReadonlyArray<{ id: string; label: string; width: number; height: number }> = [
  { id: 'desktop', label: 'Desktop', width: 1440, height: 1024 },
  { id: 'laptop', label: 'Laptop', width: 1280, height: 832 },
  { id: 'tablet', label: 'Tablet', width: 834, height: 1194 },
  { id: 'iphone', label: 'iPhone', width: 393, height: 852 },
  { id: 'android', label: 'Android', width: 412, height: 917 },
];

/** Used for whatever the model leaves out: a neutral, readable light theme. */
export const DEFAULT_PALETTE: Palette = {
  background: '#ffffff',
  surface: '#f4f4f5',
  primary: '#2563eb',
  onPrimary: '#ffffff',
  text: '#18181b',
  muted: '#71717a',
  accent: '#f59e0b',
  border: '#e4e4e7',
};

export const DEFAULT_TYPOGRAPHY: Typography = { heading: 'Inter', body: 'Inter', baseSize: 16 };

export const DEFAULT_TITLE = 'Untitled design';
