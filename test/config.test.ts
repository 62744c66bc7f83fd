import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { nodeTs, ROOT } from './helpers/node-ts.js';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig', () => {
  it('has defaults for PORT, HOST, DATABASE_URL and LOG_LEVEL', () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 3000,
      HOST: '0.0.0.0',
      DATABASE_URL: 'file:./data/cms.db',
      LOG_LEVEL: 'info',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '' })).toMatchObject({ PORT: 3000, LOG_LEVEL: 'info' });
  });

  it('reads the variables it is given', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://cms:cms@db:5432/cms',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      PORT: 8080,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://cms:cms@db:5432/cms',
      LOG_LEVEL: 'warn',
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://localhost/cms' }).DATABASE_URL).toBe('postgresql://localhost/cms');
    expect(loadConfig({ DATABASE_URL: 'file:/var/lib/cms/cms.db' }).DATABASE_URL).toBe('file:/var/lib/cms/cms.db');
  });

  it('is frozen', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it('names every bad variable at once', () => {
    const error = configError({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
    expect(error.issues).toHaveLength(3);
    for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL']) {
      expect(error.issues.filter((issue) => issue.startsWith(`${name}:`))).toHaveLength(1);
      expect(error.message).toContain(name);
    }
  });

  it('takes cache budgets in whole MB (64 and 32 by default) and refuses any other', () => {
    expect(loadConfig({})).toMatchObject({ ARTICLE_CACHE_MB: 64, LIST_CACHE_MB: 32 });
    expect(loadConfig({ ARTICLE_CACHE_MB: '0', LIST_CACHE_MB: '512' })).toMatchObject({
      ARTICLE_CACHE_MB: 0,
      LIST_CACHE_MB: 512,
    });
    for (const budget of ['-1', '1.5', 'lots', '65537']) {
      const error = configError({ ARTICLE_CACHE_MB: budget, LIST_CACHE_MB: budget });
      expect(error.issues.map((issue) => issue.split(':')[0]).sort()).toEqual(['ARTICLE_CACHE_MB', 'LIST_CACHE_MB']);
    }
  });

  it('refuses ports outside 0..65535 and non-integers', () => {
    for (const port of ['65536', '-1', '80.5']) expect(configError({ PORT: port }).issues[0]).toMatch(/^PORT:/);
  });
});

describe('starting the server with a bad environment', () => {
  it('exits 1 with a message naming the variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cms-config-'));
    try {
      const result = spawnSync(...nodeTs('src/server.ts'), {
        cwd: ROOT,
        env: { ...process.env, PORT: 'abc', LOG_LEVEL: 'silent', DATABASE_URL: `file:${join(dir, 'cms.db')}` },
        encoding: 'utf8',
        timeout: 25_000,
      });
      expect(result.signal, 'the server started instead of refusing the configuration').toBeNull();
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/PORT/);
      expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
