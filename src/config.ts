import { existsSync } from 'node:fs';
import { z } from 'zod';
import { LanguageSchema } from './lib/zod-atoms.js';

const booleanFromEnv = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const seconds = z.coerce.number().int().min(0).max(31_536_000);
/** A memory budget in MiB, up to 64 GiB. */
const megabytes = z.coerce.number().int().min(0).max(65_536);

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: (SQLite) or postgres:// (Postgres)')
    .default('file:./data/cms.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_BASE_URL: z.url().optional(),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024),
  /** How long a whole request (headers and body) may take to arrive; then 408 and the connection closes. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** How long the rest of a body is read and discarded after its answer was sent early (401, 404, 413). */
  LINGER_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  CMS_ADMIN_KEY: z
    .string()
    .min(32, 'must be at least 32 characters')
    .max(512, 'must be at most 512 characters')
    .regex(/^[\x21-\x7e]+$/, 'must be visible ASCII characters without spaces, to fit in "Authorization: Bearer <key>"')
    .optional(),
  PUBLIC_READ: booleanFromEnv.default(true),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  /** Which X-Forwarded-For hops to believe for the client address: false, true, a hop count, or proxy IPs/CIDRs. */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | number | string[] => {
      if (v === 'true' || v === 'false') return v === 'true';
      if (/^\d+$/.test(v)) return Number(v);
      return v
        .split(',')
        .map((address) => address.trim())
        .filter(Boolean);
    }),
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_WINDOW: z
    .string()
    .regex(/^\d+\s*(ms|s|second|seconds|m|minute|minutes|h|hour|hours)?$/)
    .default('1 minute'),
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(0).default(2000),
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().positive().default(24),
  /** Delivery caching (public, published content): browser and CDN lifetimes in seconds. */
  CACHE_MAX_AGE_SECONDS: seconds.default(60),
  CACHE_S_MAXAGE_SECONDS: seconds.default(300),
  CACHE_STALE_WHILE_REVALIDATE_SECONDS: seconds.default(60),
  CACHE_STALE_IF_ERROR_SECONDS: seconds.default(86400),
  /** Published stories each instance keeps ready to send (0: none); checked against the database on every read. */
  ARTICLE_CACHE_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(2000),
  /** What those stories may weigh in all, in MB (0: none kept); the least recently read go first. */
  ARTICLE_CACHE_MB: megabytes.default(64),
  /** List pages (GET /v1/articles) each instance keeps ready to send (0: none); checked against the database on every read. */
  LIST_CACHE_SIZE: z.coerce.number().int().min(0).max(100_000).default(500),
  /** What those pages may weigh in all, in MB (0: none kept). */
  LIST_CACHE_MB: megabytes.default(32),
  /** How long GET /ready keeps its answer (0: it checks the database on every probe). */
  READY_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** The publication, as feeds, JSON-LD and the news sitemap name it. */
  SITE_NAME: z.string().trim().min(1).max(200).default('Newsroom'),
  /** Its language (BCP 47, canonicalised): RSS <language>, Atom xml:lang, the publication's JSON-LD inLanguage. */
  SITE_LANGUAGE: LanguageSchema.default('en'),
  SITE_URL: z.url({ protocol: /^https?$/ }).optional(),
  SITE_LOGO_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Where a story lives on the website: an absolute URL with {slug} and/or {id}. */
  ARTICLE_URL_TEMPLATE: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an absolute http(s) URL')
    .refine((v) => v.includes('{slug}') || v.includes('{id}'), 'must contain {slug} or {id}')
    .optional(),
  /** Where a preview link points (the site's own renderer): an absolute URL with {token}, and {id} if wanted. */
  PREVIEW_URL_TEMPLATE: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an absolute http(s) URL')
    .refine((v) => v.includes('{token}'), 'must contain {token}')
    .optional(),
  /** How often this instance looks for webhook deliveries to send (0: it sends none). */
  WEBHOOK_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(0).default(1000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(1).max(300_000).default(10_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).default(5000),
  WEBHOOK_RETRY_MAX_MS: z.coerce.number().int().min(1).default(3_600_000),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: booleanFromEnv.default(false),
});

export type Config = Readonly<z.infer<typeof ConfigSchema>>;
export type ConfigInput = z.input<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The process environment with an env file's variables beneath it: `.env` in the working directory when
 * there is one, or the file CMS_ENV_FILE names (which must exist). Node's own parser; a variable the
 * environment already has, even empty, is never replaced, so an exported value beats the file.
 */
function processEnv(): NodeJS.ProcessEnv {
  const named = process.env.CMS_ENV_FILE;
  const file = named || '.env';
  if (!named && !existsSync(file)) return process.env;
  try {
    process.loadEnvFile(file);
  } catch (error) {
    throw new ConfigError([`CMS_ENV_FILE: cannot read ${file} (${error instanceof Error ? error.message : error})`]);
  }
  return process.env;
}

/** Parses configuration once; an empty string counts as unset. Every bad variable is listed. */
export function loadConfig(env: Record<string, string | undefined> = processEnv()): Config {
  const relevant = Object.fromEntries(
    Object.keys(ConfigSchema.shape)
      .map((key) => [key, env[key]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = ConfigSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return Object.freeze(parsed.data);
}
