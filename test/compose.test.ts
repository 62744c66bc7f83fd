import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, root), 'utf8');

interface ComposeService {
  profiles?: string[];
  ports?: string[];
  volumes?: string[];
  build?: unknown;
  image?: string;
  environment?: Record<string, string> | string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test?: string[] | string; interval?: string; retries?: number };
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

describe('docker-compose.yml, profile "scale"', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
  const scaled = Object.entries(compose.services).filter(([, s]) => s.profiles?.includes('scale'));
  const instances = scaled.filter(([, s]) => s.build);
  const proxies = scaled.filter(([, s]) => /^(nginx|caddy)[:@]/.test(s.image ?? ''));

  it('runs at least two API instances built from this repository on the same Postgres database as api', () => {
    expect(instances.length).toBeGreaterThanOrEqual(2);
    const url = environmentOf(compose.services.api!).DATABASE_URL;
    for (const [name, service] of instances) {
      expect(environmentOf(service).DATABASE_URL, name).toBe(url);
      expect(environmentOf(service).TRUST_PROXY, `${name} trusts the proxy's X-Forwarded-For`).toBe('1');
      const dependsOn = service.depends_on;
      expect(Array.isArray(dependsOn) ? dependsOn : Object.keys(dependsOn ?? {})).toContain('postgres');
    }
  });

  it('puts one reverse proxy in front that waits for every instance and sends to each of them', () => {
    expect(proxies).toHaveLength(1);
    const [, proxy] = proxies[0]!;
    const dependsOn = proxy.depends_on as Record<string, { condition?: string }>;
    for (const [name] of instances) expect(dependsOn[name]?.condition, name).toBe('service_healthy');
    const mount = (proxy.volumes ?? []).map((v) => v.split(':')[0]!).find((source) => source.startsWith('./'));
    expect(mount, 'the proxy config is a file of this repository').toBeDefined();
    expect(existsSync(new URL(mount!, root))).toBe(true);
    const config = read(mount!);
    for (const [name] of instances) expect(config).toMatch(new RegExp(`server\\s+${name}:3000\\b`));
    expect(proxy.ports?.length).toBeGreaterThan(0);
  });
});

describe('docker-compose.yml topology', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, ComposeService>;
    volumes?: Record<string, unknown>;
  };
  const service = (name: string): ComposeService => {
    const found = compose.services[name];
    if (!found) throw new Error(`no service ${name}`);
    return found;
  };
  const healthcheckCommand = (name: string): string => {
    const test = service(name).healthcheck?.test;
    return Array.isArray(test) ? test.join(' ') : (test ?? '');
  };
  const waitsHealthy = (name: string, on: string) =>
    (service(name).depends_on as Record<string, { condition?: string }> | undefined)?.[on]?.condition;

  it('has the api and postgres by default and the two instances and their proxy under "scale", nothing else', () => {
    const byProfile = Object.fromEntries(
      Object.entries(compose.services).map(([name, s]) => [name, (s.profiles ?? []).join(',') || 'default']),
    );
    expect(byProfile).toEqual({
      api: 'default',
      postgres: 'default',
      'api-a': 'scale',
      'api-b': 'scale',
      proxy: 'scale',
    });
  });

  it('publishes the api on 3000 and the proxy on 8080, and neither postgres nor the scaled instances', () => {
    expect(service('api').ports).toEqual(['3000:3000']);
    expect(service('proxy').ports).toEqual(['8080:80']);
    for (const name of ['postgres', 'api-a', 'api-b']) expect(service(name).ports, name).toBeUndefined();
  });

  it('health-checks postgres with pg_isready on its own user and database, and each instance with GET /ready', () => {
    const env = environmentOf(service('postgres'));
    expect(healthcheckCommand('postgres')).toMatch(
      new RegExp(`pg_isready -U ${env.POSTGRES_USER} -d ${env.POSTGRES_DB}(\\s|$)`),
    );
    for (const name of ['api-a', 'api-b'])
      expect(healthcheckCommand(name), name).toContain('http://127.0.0.1:3000/ready');
  });

  it('starts every API after postgres is healthy, and the proxy after both instances are', () => {
    for (const name of ['api', 'api-a', 'api-b']) expect(waitsHealthy(name, 'postgres'), name).toBe('service_healthy');
    for (const name of ['api-a', 'api-b']) expect(waitsHealthy('proxy', name), name).toBe('service_healthy');
  });

  it('keeps the database in a named volume', () => {
    expect(Object.keys(compose.volumes ?? {})).toEqual(['pgdata']);
    expect(service('postgres').volumes).toEqual(['pgdata:/var/lib/postgresql/data']);
  });
});

describe('Dockerfile', () => {
  it('exists and its CMD runs dist/server.js with node, with the Node flags of `npm start`', () => {
    expect(existsSync(new URL('Dockerfile', root))).toBe(true);
    const cmds = read('Dockerfile')
      .split('\n')
      .filter((line) => /^CMD\s/.test(line));
    expect(cmds).toHaveLength(1);
    const cmd = cmds[0]!.replace(/^CMD\s+/, '');
    const argv: string[] = cmd.startsWith('[') ? JSON.parse(cmd) : cmd.split(/\s+/);
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(argv).toEqual(pkg.scripts.start!.trim().split(/\s+/));
    expect(argv[0]).toBe('node');
    expect(argv.at(-1)).toBe('dist/server.js');
  });

  it('builds the same dist/server.js that `npm start` runs', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toMatch(/^node (--[\w-]+=\S+ )*dist\/server\.js$/);
    expect(read('Dockerfile')).toMatch(/npm run build/);
  });
});
