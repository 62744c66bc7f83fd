/**
 * Delay before the next attempt after `failures` failed ones in a row: exponential (base, 2×base,
 * 4×base…) up to `max`, with "equal jitter" (a random half on top of a fixed half), so receivers
 * coming back up are not hit by every instance's retries at the same instant, and delays still grow.
 */
export function retryDelayMs(
  failures: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 40));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
