import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, root), 'utf8');

interface ComposeService {
  build?: unknown;
  image?: string;
  environment?: Record<string, string> | string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: unknown;
}

/** Compose allows environment as a map or as KEY=value lines. */
function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (!Array.isArray(env)) return env;
  return Object.fromEntries(env.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> };

  it('names an api service built from this repository, pointed at the postgres service', () => {
    const api = compose.services.api;
    expect(api).toBeDefined();
    expect(api!.build).toBeTruthy();
    const url = new URL(environmentOf(api!).DATABASE_URL ?? '');
    expect(url.protocol).toMatch(/^postgres(ql)?:$/);
    expect(url.hostname).toBe('postgres');
    const dependsOn = api!.depends_on;
    expect(Array.isArray(dependsOn) ? dependsOn : Object.keys(dependsOn ?? {})).toContain('postgres');
  });

  it('names a postgres service on Postgres 16 whose credentials match the api URL', () => {
    const postgres = compose.services.postgres;
    expect(postgres?.image).toMatch(/^postgres:16(\.|-|$)/);
    const env = environmentOf(postgres!);
    const url = new URL(environmentOf(compose.services.api!).DATABASE_URL ?? '');
    expect(url.username).toBe(env.POSTGRES_USER);
    expect(url.password).toBe(env.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${env.POSTGRES_DB}`);
    expect(postgres!.healthcheck).toBeTruthy();
  });
});

describe('Dockerfile', () => {
  it('exists and its CMD runs dist/server.js with node', () => {
    expect(existsSync(new URL('Dockerfile', root))).toBe(true);
    const cmds = read('Dockerfile').split('\n').filter((line) => /^CMD\s/.test(line));
    expect(cmds).toHaveLength(1);
    const cmd = cmds[0]!.replace(/^CMD\s+/, '');
    const argv: string[] = cmd.startsWith('[') ? JSON.parse(cmd) : cmd.split(/\s+/);
    expect(argv).toEqual(['node', 'dist/server.js']);
  });

  it('builds the same dist/server.js that `npm start` runs', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node dist/server.js');
    expect(read('Dockerfile')).toMatch(/npm run build/);
  });
});
