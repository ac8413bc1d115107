import { coveredMs, ownShare } from '../../bench/own-share';

describe('the plugin’s own share of a run’s overhead', () => {
  it('subtracts drawing and hashing inside the windows once, clipped to them', () => {
    // Click at 0, create at 40; output at 1000, last fill at 1100.
    const share = ownShare(
      { render: [[-20, 10], [1010, 1030], [1200, 1300]], createImage: [[1020, 1040], [1090, 1110]] },
      { clickAt: 0, createAt: 40, lastOutputAt: 1000, lastFillAt: 1100 },
    );
    expect(share.ownBeforeCreateMs).toBe(30);
    // 1010-1040 (render and hashing overlap: once) and 1090-1100 (clipped at the fill).
    expect(share.ownAfterOutputMs).toBe(60);
    expect(share.renderMs).toBe(30);
    expect(share.createImageMs).toBe(30);
    expect(share.renders).toBe(2);
  });

  it('counts nested and touching intervals once', () => {
    expect(coveredMs([[0, 10], [2, 5], [10, 20], [30, 40]], 0, 35)).toBe(25);
    expect(coveredMs([], 0, 10)).toBe(0);
  });
});
