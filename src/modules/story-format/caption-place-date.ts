// Extracts the place and date that photo captions conventionally end with,
// e.g. "... walk outside a base in Perevalnoye, near the city of Simferopol, March 14, 2014".
//
// Date: only a date at the very end of the caption counts (an optional final "." is allowed).
// Accepted forms: "March 14, 2014", "Mar 14, 2014", "Mar. 14 2014", "March 14th, 2014",
// "14 March 2014", "14 Mar, 2014", "2014-03-14". Impossible dates (Feb 30) are ignored.
//
// Location rule: the text after the LAST lowercase word "in" that precedes the trailing date,
// up to the date, minus a trailing comma, weekday name or "on". So the example above gives
// "Perevalnoye, near the city of Simferopol" and "... in Kiev, Ukraine, Friday, March 14, 2014"
// gives "Kiev, Ukraine". The phrase is rejected (no location) unless it contains a capitalised
// word and is at most MAX_LOCATION_WORDS words: "in the rain, May 2, 2020" is not a place.
// No trailing date means no location either: the date is what marks the place/date tail.

export interface CaptionPlaceDate {
  location?: string;
  /** The day the photo was taken, YYYY-MM-DD: a caption gives the day, never the time. */
  takenOn?: string;
}

export interface TrailingDate {
  /** Index in the caption where the date starts. */
  index: number;
  /** The calendar date, YYYY-MM-DD. */
  date: string;
}

const MAX_LOCATION_WORDS = 10;

const MONTHS: Readonly<Record<string, number>> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

type DateParts = { year: string; month: string; day: string };

// Each pattern must start at the beginning of the caption or after whitespace/comma.
const DATE_PATTERNS: readonly RegExp[] = [
  /(?<=^|[\s,])(?<month>[A-Za-z]{3,9})\.?\s+(?<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<year>\d{4})\.?$/,
  /(?<=^|[\s,])(?<day>\d{1,2})\s+(?<month>[A-Za-z]{3,9})\.?,?\s+(?<year>\d{4})\.?$/,
  /(?<=^|[\s,])(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})\.?$/,
];

const IN_WORD = /(?:^|[\s(])in\s+/g;
const TAIL_WORDS = new Set(['on', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
const SEPARATOR = /[\s,;]/;

function monthNumber(month: string): number | undefined {
  return /^\d+$/.test(month) ? Number(month) : MONTHS[month.toLowerCase()];
}

/** YYYY-MM-DD, or undefined for a day that does not exist (February 30) or a year before 1. */
function calendarDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year);
  const valid =
    year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? date.toISOString().slice(0, 10) : undefined;
}

/** Finds a date at the end of a caption; undefined if the caption does not end with one. */
export function findTrailingDate(caption: string): TrailingDate | undefined {
  const text = caption.trimEnd();
  for (const pattern of DATE_PATTERNS) {
    const match = pattern.exec(text);
    const parts = match?.groups as DateParts | undefined;
    if (!match || !parts) continue;
    const month = monthNumber(parts.month);
    if (month === undefined) continue;
    const date = calendarDate(Number(parts.year), month, Number(parts.day));
    if (date) return { index: match.index, date };
  }
  return undefined;
}

// A loop rather than one regex: /(?:[\s,;]+|on|…)+$/ backtracks exponentially on long comma runs.
function trimLocationTail(place: string): string {
  let end = place.length;
  for (;;) {
    while (end > 0 && SEPARATOR.test(place.charAt(end - 1))) end -= 1;
    let start = end;
    while (start > 0 && !SEPARATOR.test(place.charAt(start - 1))) start -= 1;
    if (start === end || !TAIL_WORDS.has(place.slice(start, end).toLowerCase())) break;
    end = start;
  }
  return place.slice(0, end);
}

function locationBefore(textBeforeDate: string): string | undefined {
  const match = [...textBeforeDate.matchAll(IN_WORD)].at(-1);
  if (!match) return undefined;
  const place = trimLocationTail(textBeforeDate.slice(match.index + match[0].length));
  const words = place.split(/\s+/).filter(Boolean).length;
  if (words === 0 || words > MAX_LOCATION_WORDS || !/\p{Lu}/u.test(place)) return undefined;
  return place;
}

export function extractPlaceAndDate(caption: string): CaptionPlaceDate {
  const date = findTrailingDate(caption);
  if (!date) return {};
  const location = locationBefore(caption.slice(0, date.index));
  return location === undefined ? { takenOn: date.date } : { location, takenOn: date.date };
}
