import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './node-ts.js';

const SHELLS = new Set(['sh', 'bash', 'shell']);

export interface Block {
  file: string;
  line: number;
  /** The `## ` heading the block is under. */
  section: string;
  code: string;
}

/** The sh/bash/shell fenced blocks of a Markdown file of the repository, with the line each starts on. */
export function shellBlocks(file: string): Block[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.startsWith('## ')) section = lines[i]?.slice(3) ?? '';
    const fence = /^```(\w*)\s*$/.exec(lines[i] ?? '');
    if (!fence) continue;
    const end = lines.findIndex((text, j) => j > i && /^```\s*$/.test(text));
    if (SHELLS.has(fence[1] ?? ''))
      blocks.push({ file, line: i + 2, section, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}
