import { constants, type Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

// Every file `cms import` reads is opened here. A path may name anything (a FIFO, a device, a
// socket, or a `.txt` link to one of them): it is opened without blocking and looked at (fstat on
// the open descriptor, so what is read is what was checked) before a byte is read, and a story
// file is read only up to a bound, so one hostile file costs neither a hung run nor the memory.

/** Story files larger than this are refused unless `--max-file-size` says otherwise. */
export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;

export type Opened = { handle: FileHandle; stats: Stats } | { failed: string };
export type ReadText = { text: string; modifiedAt: Date } | { failed: string };

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function notRegular(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'is a directory';
  const kind = stats.isFIFO()
    ? 'a named pipe (FIFO)'
    : stats.isCharacterDevice()
      ? 'a character device'
      : stats.isBlockDevice()
        ? 'a block device'
        : stats.isSocket()
          ? 'a socket'
          : 'not a file';
  return `is ${kind}, not a regular file: not read`;
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  // Opening a Unix socket fails this way.
  if (code === 'ENXIO') return 'is a socket or a device without a driver, not a regular file: not read';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'is a loop of symbolic links';
  return (error as Error).message;
}

/** Opens a path for reading only if it is a regular file (following symbolic links). */
export async function openRegularFile(path: string): Promise<Opened> {
  let handle: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { failed: reasonOf(error) };
  }
  try {
    const stats = await handle.stat();
    const refused = notRegular(stats);
    if (refused === null) return { handle, stats };
    await handle.close();
    return { failed: refused };
  } catch (error) {
    await handle.close();
    return { failed: reasonOf(error) };
  }
}

export function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}

const limit = (maxBytes: number) => `the ${formatBytes(maxBytes)} limit (--max-file-size)`;

/** A regular file's UTF-8 text, at most `maxBytes` of it, or why it was not read. */
export async function readTextFile(path: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<ReadText> {
  const opened = await openRegularFile(path);
  if ('failed' in opened) return opened;
  const { handle, stats } = opened;
  try {
    if (stats.size > maxBytes)
      return { failed: `is ${formatBytes(stats.size)}, more than ${limit(maxBytes)}: not read` };
    // The file may grow after fstat: never read more than one byte past the bound.
    let buffer = Buffer.allocUnsafe(Math.min(stats.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) return { failed: `grew past ${limit(maxBytes)} while being read: not read` };
        const bigger = Buffer.allocUnsafe(maxBytes + 1);
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return { text: UTF8.decode(buffer.subarray(0, length)), modifiedAt: stats.mtime };
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
      return { failed: 'not valid UTF-8 text' };
    }
    return { failed: reasonOf(error) };
  } finally {
    await handle.close();
  }
}

/** Parses a `--max-file-size` value: bytes, or a number with K, M or G (powers of 1024; `16M`, `64KiB`). */
export function parseByteSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(?:([kmg])(?:i?b)?|b)?$/i.exec(value.trim());
  if (!match) throw new Error(`"${value}" is not a size (bytes, or a number with K, M or G, e.g. 16M)`);
  const unit = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] ?? '').toLowerCase()] ?? 1;
  const bytes = Math.floor(Number(match[1]) * unit);
  if (bytes < 1) throw new Error('must be at least 1 byte');
  return bytes;
}
