/** One clock for Node, its worker threads, the page and the panel: epoch ms with sub-millisecond precision. */
export const now = (): number => performance.timeOrigin + performance.now();
