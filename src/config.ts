import { z } from 'zod';

const booleanFromEnv = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: (SQLite) or postgres:// (Postgres)')
    .default('file:./data/cms.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_BASE_URL: z.url().optional(),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(2 * 1024 * 1024),
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
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean)),
  /** Which X-Forwarded-For hops to believe for the client address: false, true, a hop count, or proxy IPs/CIDRs. */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | number | string[] => {
      if (v === 'true' || v === 'false') return v === 'true';
      if (/^\d+$/.test(v)) return Number(v);
      return v.split(',').map((address) => address.trim()).filter(Boolean);
    }),
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_WINDOW: z.string().regex(/^\d+\s*(ms|s|second|seconds|m|minute|minutes|h|hour|hours)?$/).default('1 minute'),
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(0).default(2000),
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().positive().default(24),
  /** Published stories kept serialised in memory per instance (0 = none); see the README's Performance. */
  ARTICLE_CACHE_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(2000),
});

export type Config = Readonly<z.infer<typeof ConfigSchema>>;
export type ConfigInput = z.input<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses configuration once; an empty string counts as unset. Every bad variable is listed. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
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
