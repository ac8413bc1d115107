import { sanitizeSvg, svgSize } from '../../shared/images/svg';

describe('SVG from a model', () => {
  it('loses scripts, event handlers, foreign HTML and external links, keeps shapes', () => {
    const dirty = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="steal()">
      <script>fetch('https://evil.example')</script>
      <foreignObject><div>hi</div></foreignObject>
      <a href="https://evil.example"><rect width="5" height="5" onclick='x()'/></a>
      <use href="#local"/><circle r="2"/></svg>`;
    const clean = sanitizeSvg(dirty);
    expect(clean).not.toMatch(/script|onload|onclick|foreignObject|evil/);
    expect(clean).toContain('<rect width="5" height="5"');
    expect(clean).toContain('href="#local"');
    expect(clean).toContain('<circle r="2"/>');
  });

  it('reads its size from width/height or the viewBox', () => {
    expect(svgSize('<svg width="300px" height="200">')).toEqual({ width: 300, height: 200 });
    expect(svgSize('<svg viewBox="0 0 1024 768">')).toEqual({ width: 1024, height: 768 });
    expect(svgSize('<svg>')).toEqual({ width: 0, height: 0 });
  });
});
