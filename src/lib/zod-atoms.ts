import { z } from 'zod';

export const IdSchema = z.uuid().meta({ description: 'UUIDv7', example: '019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10' });

export const ARTICLE_STATUSES = ['draft', 'scheduled', 'published', 'archived', 'killed'] as const;
export const ArticleStatusSchema = z.enum(ARTICLE_STATUSES).meta({
  id: 'ArticleStatus',
  description:
    'Where the story is in the publishing workflow. `killed` is an addition (issue 22): a story taken down for good ' +
    '(`POST /v1/articles/{id}/kill`); clients that do not know it should treat it like `archived`.',
});

export const SlugSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens')
  .meta({ example: 'crimea-talks-in-london-end-without-a-deal-as-referendum-nears' });

/** An ISO-8601 instant with a zone; normalised to UTC with milliseconds on output. */
export const InstantInputSchema = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  // Year 0 exists in ISO-8601 and SQLite but not in Postgres, and an offset can push 9999 into a
  // five-digit year: both databases must accept the same instants.
  .refine(
    (date) => date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999,
    'must fall between the years 0001 and 9999 (UTC)',
  )
  .meta({ example: '2014-03-14T12:00:00Z' });

/** The largest value of an integer column (Postgres `integer`): versions, revision numbers, feed positions. */
export const MAX_DB_INT = 2_147_483_647;
export const VersionNumberSchema = z.coerce.number().int().min(1).max(MAX_DB_INT);
export const VersionSchema = z
  .number()
  .int()
  .min(1)
  .max(MAX_DB_INT)
  .meta({ description: 'An article version: 1 when created, one more on every change', example: 3 });
export const PositionSchema = z
  .number()
  .int()
  .min(0)
  .max(MAX_DB_INT)
  .meta({ description: 'Place in the list, from 0', example: 0 });

export const InstantSchema = z.string().meta({ format: 'date-time', example: '2014-03-14T12:00:00.000Z' });

/** A calendar day without a time or zone (YYYY-MM-DD), for a value whose source gives only the day. */
export const CalendarDateInputSchema = z.iso
  .date()
  .refine((date) => !date.startsWith('0000'), 'must fall between the years 0001 and 9999')
  .meta({ example: '2014-03-14' });

export const CalendarDateSchema = z.string().meta({ format: 'date', example: '2014-03-14' });

export const trimmed = (max: number) => z.string().trim().max(max);

export const LanguageSchema = z
  .string()
  .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag such as "en" or "pt-BR"')
  .transform((tag, ctx) => {
    try {
      return Intl.getCanonicalLocales(tag)[0] ?? tag;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a BCP 47 language tag such as "en" or "pt-BR"' });
      return z.NEVER;
    }
  })
  .meta({ example: 'en' });

/**
 * An absolute http(s) URL, stored normalised (`new URL().href`: lowercase scheme and host, default
 * port dropped, dot segments resolved, non-ASCII percent-encoded). Characters that are never
 * literal in a URL (spaces, quotes, angle brackets, backslash, controls) are refused rather than
 * guessed at: percent-encode them.
 */
const URL_CHAR = '[^\\s"\'<>\\\\^`{|}\\u0000-\\u001f\\u007f]';

export const HttpUrlSchema = z
  .string()
  .max(2000)
  .regex(new RegExp(`^https?://(?![/?#])${URL_CHAR}+$`, 'i'), {
    message:
      'must be an absolute http:// or https:// URL with a host, without spaces, quotes, angle brackets, backslashes or control characters (percent-encode them)',
    abort: true,
  })
  .refine((url) => URL.canParse(url), { message: 'must be a well-formed URL', abort: true })
  .transform((url) => new URL(url).href)
  .meta({
    description: 'An absolute http or https URL, stored normalised',
    example: 'https://images.example.com/crimea/perevalnoye.jpg',
  });
