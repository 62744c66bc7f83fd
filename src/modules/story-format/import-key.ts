import { createHash } from 'node:crypto';

const LINE_BREAK = /\r\n|\r|\n|\u2028|\u2029/;

/**
 * The story file as the parser sees it: Unicode NFC, no BOM, each line trimmed with runs of spaces
 * and tabs collapsed, and runs of blank lines reduced to one. Two files that differ only in line
 * endings, indentation or spacing between blocks are the same story.
 */
export function normaliseStoryText(text: string): string {
  const lines = text
    .replace(/^\uFEFF/, '')
    .normalize('NFC')
    .split(LINE_BREAK)
    .map((line) => line.trim().replace(/[ \t]+/g, ' '));
  const kept = lines.filter((line, index) => line !== '' || (index > 0 && lines[index - 1] !== ''));
  return kept.join('\n').trim();
}

/** What makes a re-import of the same story file a no-op, whatever the import options. */
export const importKeyOf = (text: string): string =>
  createHash('sha256').update(normaliseStoryText(text)).digest('hex');
