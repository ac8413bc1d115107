/** The file's own colours and text styles by name, for "Use this file's styles". */
export async function fileStyles(): Promise<{ colors: string[]; textStyles: string[] }> {
  const [variables, paints, texts] = await Promise.all([
    figma.variables.getLocalVariablesAsync('COLOR'),
    figma.getLocalPaintStylesAsync(),
    figma.getLocalTextStylesAsync(),
  ]);
  const solid = paints.filter((s) => s.paints.length > 0 && s.paints[0].type === 'SOLID');
  return {
    colors: [...variables.map((v) => v.name), ...solid.map((s) => s.name)].slice(0, 60),
    textStyles: texts.map((t) => t.name).slice(0, 30),
  };
}
