import { NamedError } from '../../shared/errors';
import { LOGO_SHEET_SIZES } from '../../shared/logo/local-tools';
import { isGone } from '../node-info';
import { inverseMap } from './colour-map';
import { copyMark, rescaleMark, derivedName, finishLocal, markDerived, placeBeside } from './derived-layer';
import { applyColourMap, isBitmapOnly, markColours, solid } from './mark-paints';
import { commitUndoStep } from '../undo-step';

const LIGHT = '#ffffff';
const DARK = '#141414';

/**
 * A logo sheet: the mark at each size a logo is used at (favicon to splash), on light and on
 * dark, each copy set to export as PNG at 1× and 2×, so small-size legibility shows at a
 * glance and File → Export hands over every asset.
 */
export async function buildLogoSheet(nodeId: string): Promise<{ placed: string[]; notes: string[] }> {
  const source = await figma.getNodeByIdAsync(nodeId);
  if (!source || isGone(source) || !('visible' in source)) throw new NamedError('NotFound', 'The selected mark is gone.');
  const mark = source as SceneNode;
  const vectors = !isBitmapOnly(mark);
  const notes = vectors ? [] : ['The mark is a bitmap, so the dark row shows it as it is; Vectorize it for an inverse version.'];
  await figma.loadFontAsync({ family: 'Inter', style: 'Regular' });

  commitUndoStep();
  const sheet = figma.createFrame();
  sheet.name = derivedName(mark, 'Logo sheet');
  sheet.layoutMode = 'VERTICAL';
  sheet.primaryAxisSizingMode = 'AUTO';
  sheet.counterAxisSizingMode = 'AUTO';
  sheet.itemSpacing = 0;
  sheet.fills = [];
  for (const ground of [LIGHT, DARK]) {
    const row = figma.createFrame();
    row.name = ground === LIGHT ? 'On light' : 'On dark';
    row.layoutMode = 'HORIZONTAL';
    row.primaryAxisSizingMode = 'AUTO';
    row.counterAxisSizingMode = 'AUTO';
    row.counterAxisAlignItems = 'MAX';
    row.itemSpacing = 48;
    row.paddingLeft = row.paddingRight = row.paddingTop = row.paddingBottom = 48;
    row.fills = [solid(ground)];
    sheet.appendChild(row);
    for (const size of LOGO_SHEET_SIZES) {
      const cell = figma.createFrame();
      cell.name = `${size} px`;
      cell.layoutMode = 'VERTICAL';
      cell.primaryAxisSizingMode = 'AUTO';
      cell.counterAxisSizingMode = 'AUTO';
      cell.counterAxisAlignItems = 'CENTER';
      cell.itemSpacing = 12;
      cell.fills = [];
      row.appendChild(cell);

      const copy = copyMark(mark);
      if (vectors && ground === DARK) applyColourMap(copy, inverseMap(markColours(copy)));
      rescaleMark(copy, size / Math.max(1, copy.width, copy.height));
      cell.appendChild(copy);
      copy.name = `${derivedName(mark, `${size}`)}${ground === DARK ? ' dark' : ''}`;
      copy.exportSettings = [
        { format: 'PNG', suffix: '', constraint: { type: 'SCALE', value: 1 } },
        { format: 'PNG', suffix: '@2x', constraint: { type: 'SCALE', value: 2 } },
      ];

      const label = figma.createText();
      label.fontName = { family: 'Inter', style: 'Regular' };
      label.characters = `${size}`;
      label.fontSize = 12;
      label.fills = [solid(ground === LIGHT ? '#6b6b6b' : '#a0a0a0')];
      cell.appendChild(label);
    }
  }
  markDerived(sheet, mark, 'logo-sheet', { sizes: [...LOGO_SHEET_SIZES] });
  placeBeside(mark, [sheet]);
  finishLocal([sheet]);
  return { placed: [sheet.id], notes };
}
