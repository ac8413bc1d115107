import { MAX_SVG_CHARS, svgSize, uncleanSvgReason } from '../../shared/images/svg';

describe('SVG from a model', () => {
  it('the controller refuses SVG that plainly did not come out of the panel’s sanitiser', () => {
    const clean = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5"/></svg>';
    expect(uncleanSvgReason(clean)).toBeUndefined();
    expect(uncleanSvgReason(`<?xml version="1.0"?>${clean}`)).toBe('markup declarations');
    expect(uncleanSvgReason('<!DOCTYPE svg [<!ENTITY x "y">]><svg/>')).toBe('markup declarations');
    expect(uncleanSvgReason('<html><svg/></html>')).toBe('not an <svg> root');
    expect(uncleanSvgReason('<svg><svg:script>alert(1)</svg:script></svg>')).toBe('elements the panel removes');
    expect(uncleanSvgReason('<svg><foreignObject/></svg>')).toBe('elements the panel removes');
    expect(uncleanSvgReason('<svg><!-- x --></svg>')).toBe('markup declarations');
    expect(uncleanSvgReason(`<svg>${' '.repeat(MAX_SVG_CHARS)}</svg>`)).toBe('too large');
  });

  it('reads its size from width/height or the viewBox', () => {
    expect(svgSize('<svg width="300px" height="200">')).toEqual({ width: 300, height: 200 });
    expect(svgSize('<svg viewBox="0 0 1024 768">')).toEqual({ width: 1024, height: 768 });
    expect(svgSize('<svg>')).toEqual({ width: 0, height: 0 });
  });
});
