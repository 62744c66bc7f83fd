import type { FieldError } from './errors.js';

/** NUL, or a UTF-16 surrogate without its pair: Postgres cannot store either in text. */
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MESSAGE = 'must be well-formed Unicode text without NUL characters';

/** Deeper input is no real request; refusing it keeps later recursive code (JSON.stringify) safe. */
const MAX_DEPTH = 64;
/**
 * More entries than any schema accepts in one array or object (the longest list is 500 caption
 * ids): refused before the walk goes through them, and before validation does.
 */
export const MAX_ITEMS = 1000;

interface Frame {
  container: Record<string, unknown> | unknown[];
  /** Own keys of an object; null for an array. */
  keys: string[] | null;
  /** The entry after the one being looked at. */
  next: number;
}

/** The dotted path of the entry each open container is looking at: built only for a refusal. */
function pathOf(root: string, stack: Frame[]): string {
  const parts = stack.map((frame) => (frame.keys ? (frame.keys[frame.next - 1] as string) : String(frame.next - 1)));
  return root ? [root, ...parts].join('.') : parts.join('.');
}

/** Opens a container for the walk, or says why it is refused. */
function open(stack: Frame[], value: object, maxItems: number): string | null {
  if (stack.length >= MAX_DEPTH) return `is nested more than ${MAX_DEPTH} levels deep`;
  const keys = Array.isArray(value) ? null : Object.keys(value);
  if ((keys ?? (value as unknown[])).length > maxItems) return `has more than ${maxItems} entries`;
  stack.push({ container: value as Frame['container'], keys, next: 0 });
  return null;
}

/**
 * The first string (value or key) in a parsed input that the database could not store as text, or
 * the first place nested deeper than MAX_DEPTH or holding more than MAX_ITEMS entries. One pass,
 * iterative (hostile nesting cannot overflow the stack), and allocation-free per entry: a path is
 * built only for the entry refused. `maxItems` is for input whose lists are long by right (a
 * backup's revisions).
 */
export function findUnsafeText(input: unknown, root: string, maxItems = MAX_ITEMS): FieldError | null {
  if (typeof input === 'string') return UNSAFE.test(input) ? { path: root, message: MESSAGE } : null;
  if (typeof input !== 'object' || input === null) return null;
  const stack: Frame[] = [];
  const refused = open(stack, input, maxItems);
  if (refused) return { path: root, message: refused };
  while (stack.length) {
    const frame = stack[stack.length - 1] as Frame;
    const { container, keys } = frame;
    if (frame.next >= (keys ?? (container as unknown[])).length) {
      stack.pop();
      continue;
    }
    const index = frame.next++;
    const key = keys?.[index];
    if (key !== undefined && UNSAFE.test(key))
      return { path: pathOf(root, stack), message: `has a key that ${MESSAGE}` };
    const item = key === undefined ? (container as unknown[])[index] : (container as Record<string, unknown>)[key];
    if (typeof item === 'string') {
      if (UNSAFE.test(item)) return { path: pathOf(root, stack), message: MESSAGE };
    } else if (typeof item === 'object' && item !== null) {
      const problem = open(stack, item, maxItems);
      if (problem) return { path: pathOf(root, stack), message: problem };
    }
  }
  return null;
}
