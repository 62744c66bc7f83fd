import { LRUCache } from 'lru-cache';

export const MEGABYTE = 1024 * 1024;

/** How full a bounded cache is, as tests and benchmarks read it. */
export interface CacheStats {
  entries: number;
  /** What the entries held weigh, as counted when each was stored (keys included). */
  bytes: number;
  maxEntries: number;
  maxBytes: number;
}

/**
 * A least-recently-used cache bounded twice: at most `maxEntries` entries and `maxBytes` bytes as
 * `bytesOf` weighs each value (its key is added). An entry heavier than the whole budget is not kept.
 * Both bounds must be positive: a cache sized 0 is no cache, which the caller decides.
 */
export function byteBoundedCache<V extends object>(
  maxEntries: number,
  maxBytes: number,
  bytesOf: (value: V) => number,
): LRUCache<string, V> {
  return new LRUCache<string, V>({
    max: maxEntries,
    maxSize: maxBytes,
    sizeCalculation: (value, key) => Math.max(1, Math.ceil(bytesOf(value) + Buffer.byteLength(key))),
  });
}

export const statsOf = <V extends object>(cache: LRUCache<string, V>): CacheStats => ({
  entries: cache.size,
  bytes: cache.calculatedSize,
  maxEntries: cache.max,
  maxBytes: cache.maxSize,
});

/**
 * The UTF-8 bytes of `text` in a buffer of their own. Kept as bytes, a cached answer weighs exactly its
 * length (a string's weight depends on how V8 stored it), and a hit sends it without encoding it again;
 * own memory, because a small `Buffer.from` is a slice of a shared 8 kB pool that one kept entry would pin.
 */
export function ownBytes(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text);
  return bytes;
}

/** What the strings of `texts` weigh as UTF-8, for the small fields kept next to an answer's bytes. */
export const textBytes = (texts: Iterable<string>): number => {
  let total = 0;
  for (const text of texts) total += Buffer.byteLength(text);
  return total;
};
