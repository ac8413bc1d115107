/**
 * The logo tools that run in the controller, with no model: instant, and each makes a new
 * layer beside its source with the source as its parent (lineage), never touching it.
 */
export const LOCAL_LOGO_TOOLS = ['recolor', 'mono', 'inverse', 'lockup', 'logo-sheet'] as const;
export type LocalLogoTool = (typeof LOCAL_LOGO_TOOLS)[number];

export const LOCAL_TOOL_LABELS: Record<LocalLogoTool, string> = {
  recolor: 'Recolor to palette',
  mono: 'Mono',
  inverse: 'Inverse',
  lockup: 'Lockups',
  'logo-sheet': 'Logo sheet',
};

export function isLocalLogoTool(value: string): value is LocalLogoTool {
  return (LOCAL_LOGO_TOOLS as readonly string[]).includes(value);
}

/** The sizes a logo sheet shows the mark at, in px: favicon, small UI, app icon, large. */
export const LOGO_SHEET_SIZES = [16, 32, 48, 180, 512] as const;
