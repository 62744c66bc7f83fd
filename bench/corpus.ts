// Story text in the archive format, shared by the benchmarks: deterministic, so runs compare.
const PLACES = ['Ashford', 'Kellsmouth', 'Westhaven', 'Marrowby', 'Fenwick', 'Lake Sorrel', 'Tamford', 'Oldbridge'];
const TOPICS = [
  'harbour',
  'council',
  'school',
  'river',
  'festival',
  'railway',
  'market',
  'library',
  'hospital',
  'ferry',
];
const VERBS = ['approves', 'delays', 'reviews', 'celebrates', 'funds', 'questions', 'expands', 'reopens'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WORDS = (
  'the a residents said on Monday that plans for new would be discussed again after councillors asked for more ' +
  'detail about costs timing and the effect on local businesses families visitors who use the area every week'
).split(' ');

export const SEARCH_TERMS = TOPICS;

const pick = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;
export const headline = (n: number) =>
  `${pick(PLACES, n)} ${pick(TOPICS, n * 7)} board ${pick(VERBS, n * 3)} plan number ${n}`;

export function paragraph(n: number, p: number): string {
  const words = Array.from({ length: 45 + ((n + p) % 20) }, (_, i) => pick(WORDS, n * 31 + p * 17 + i * 7));
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * Story number n of count, like the fixture: headline twice, body, a photo caption with place and
 * date, source, related titles (earlier stories, one imported later, one never found).
 */
export function storyText(n: number, count: number): string {
  const related = [n - 1, n - 7].filter((m) => m >= 1).map(headline);
  if (n % 50 === 25 && n + 3 <= count) related.push(headline(n + 3));
  if (n % 50 === 0) related.push(`Archive story ${n} that was never delivered`);
  const date = `${pick(MONTHS, n)} ${1 + (n % 28)}, ${2000 + (n % 24)}`;
  return [
    headline(n),
    '',
    headline(n),
    '',
    ...Array.from({ length: 8 }, (_, p) => [paragraph(n, p), '']).flat(),
    'PHOTO CAPTION',
    '',
    `Residents gather by the ${pick(TOPICS, n * 7)} in ${pick(PLACES, n)}, ${date}`,
    '',
    'Ashford Courier',
    '',
    ...(related.length ? ['Related Articles', '', ...related] : []),
  ].join('\n');
}
