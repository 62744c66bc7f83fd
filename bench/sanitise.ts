// Story-body sanitising benchmark: for 1 MB bodies of various shapes, how long sanitize-html
// takes alone, how long the API's body check takes (size and markup bounds, sanitising, size
// again: BodyHtmlSchema), and how large the sanitised result is against the 1 MB limit.
//
//   npx tsx bench/sanitise.ts            each shape 5 times
//   npx tsx bench/sanitise.ts 20         each shape 20 times
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { BodyHtmlSchema, sanitizeBody } from '../src/lib/html.js';
import { MAX_BODY_BYTES, MAX_BODY_MARKUP } from '../src/lib/limits.js';

const RUNS = Number(process.argv[2] ?? 5);

const fill = (unit: string, bytes = MAX_BODY_BYTES): string => unit.repeat(Math.floor(bytes / Buffer.byteLength(unit)));
/** `unit` repeated up to the markup bound (each unit holding `marks` of < and &). */
const atBound = (unit: string, marks: number): string => unit.repeat(Math.floor(MAX_BODY_MARKUP / marks));

const SHAPES: Record<string, string> = {
  'news paragraphs 1 MB': fill(
    '<p>The council said on Monday that the <em>new</em> plan would be <a href="https://example.com/plan">out</a> soon.</p>\n',
  ),
  'plain text 1 MB': fill('word '),
  '‹ (U+2039) 1 MB': fill('‹'),
  'quotes 1 MB': fill('"'),
  'bare & 1 MB': fill('&'),
  '< and > 1 MB': fill('<>'),
  'unclosed <b> 1 MB': fill('<b>'),
  'nested <blockquote> 1 MB': fill('<blockquote>'),
  'disallowed <div> 1 MB': fill('<div>x</div>'),
  'attributes 1 MB': fill('<a href="https://e.com/" onclick="x" title="t">a</a>'),
  'unclosed <b> at bound': atBound('<b>', 1),
  'nested <blockquote> at bound': atBound('<blockquote>', 1),
  'bare & at bound': atBound('&', 1),
  'news markup at bound': atBound('<p>x &amp; y</p>', 3),
};

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

function time(work: () => void): number {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return median(times);
}

console.log(`${RUNS} runs each, median; load average ${loadavg()[0]?.toFixed(1)} on this machine`);
console.log(
  [
    'shape'.padEnd(30),
    'in KB'.padStart(7),
    'sanitise ms'.padStart(12),
    'out/limit'.padStart(10),
    'API check ms'.padStart(13),
    'API answer'.padStart(11),
  ].join(' '),
);
for (const [name, input] of Object.entries(SHAPES)) {
  let output = '';
  const sanitiseMs = time(() => {
    output = sanitizeBody(input);
  });
  let accepted = false;
  const checkMs = time(() => {
    accepted = BodyHtmlSchema.safeParse(input).success;
  });
  console.log(
    [
      name.padEnd(30),
      (Buffer.byteLength(input) / 1024).toFixed(0).padStart(7),
      sanitiseMs.toFixed(1).padStart(12),
      (Buffer.byteLength(output) / MAX_BODY_BYTES).toFixed(2).padStart(10),
      checkMs.toFixed(1).padStart(13),
      (accepted ? 'stored' : '400').padStart(11),
    ].join(' '),
  );
}
