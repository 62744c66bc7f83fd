import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { expectProblem } from './helpers/factories.js';
import { createKey } from './helpers/keys.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

type Subject = { id: string; scheme: string; code: string; name: string; broader: string | null; uri: string | null };

const all = async (query = ''): Promise<Subject[]> => {
  const found: Subject[] = [];
  let cursor: string | null = null;
  do {
    const page = await t.inject({
      method: 'GET',
      url: `/v1/subjects?limit=7${query}${cursor ? `&cursor=${cursor}` : ''}`,
    });
    expect(page.statusCode, page.body).toBe(200);
    found.push(...page.json().data);
    cursor = page.json().nextCursor;
  } while (cursor);
  return found;
};
const create = async (payload: Record<string, unknown>) => {
  const response = await t.inject({ method: 'POST', url: '/v1/subjects', headers: admin, payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as Subject;
};
const byCode = async (code: string) => (await all()).find((s) => s.code === code) as Subject;
const tableRows = () => t.app.database.prisma.subject.findMany({ orderBy: { id: 'asc' } });

describe('the IPTC Media Topics seed', () => {
  it('holds the 17 top-level topics of the IPTC file, with their qcodes, English names and URIs', async () => {
    const csv = readFileSync(new URL('./fixtures/iptc/mediatopic-top-level.csv', import.meta.url), 'utf8');
    const expected = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [, code, quoted, plain, uri] = /^([^,]+),(?:"([^"]*)"|([^,]*)),(.+)$/.exec(line) ?? [];
        return { code, name: quoted ?? plain, uri };
      });
    const seeded = await all('&scheme=iptc-mediatopic');
    expect(seeded.map(({ code, name, uri }) => ({ code, name, uri }))).toEqual(expected);
    expect(seeded).toHaveLength(17);
    expect(seeded.every((s) => s.broader === null)).toBe(true);
  });
});

describe('/v1/subjects', () => {
  it('creates narrower subjects under a broader one, and lists those directly under it', async () => {
    const politics = await byCode('medtop:11000000');
    const election = await create({
      scheme: 'iptc-mediatopic',
      code: 'medtop:20000574',
      name: 'election',
      broader: politics.id,
    });
    expect(election).toMatchObject({
      broader: politics.id,
      uri: 'http://cv.iptc.org/newscodes/mediatopic/20000574',
      version: 1,
    });
    const place = await create({ scheme: 'place', name: 'Simferopol', sameAs: ['https://www.wikidata.org/wiki/Q1'] });
    expect(place).toMatchObject({ code: 'simferopol', uri: null, sameAs: ['https://www.wikidata.org/wiki/Q1'] });
    const under = await all(`&broader=${politics.id}`);
    expect(under.map((s) => s.id)).toEqual([election.id]);
    const one = await t.inject({ method: 'GET', url: `/v1/subjects/${election.id}` });
    expect(one.headers['surrogate-key']).toBe(`subject:${election.id}`);
    expect(one.headers.etag).toBe('"v1"');
  });

  it('refuses bad input naming the field, a taken code, an unknown broader and a cycle, changing nothing', async () => {
    const before = await tableRows();
    const noCode = await t.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: admin,
      payload: { scheme: 'iptc-mediatopic', name: 'x' },
    });
    expect(expectProblem(noCode, 400).errors.map((e: { path: string }) => e.path)).toEqual(['code']);
    const badScheme = await t.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: admin,
      payload: { scheme: 'genre', name: 'x', sameAs: ['nope'] },
    });
    const paths = expectProblem(badScheme, 400).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['scheme', 'sameAs.0']));
    const taken = await t.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: admin,
      payload: { scheme: 'iptc-mediatopic', code: 'medtop:15000000', name: 'sport again' },
    });
    expect(expectProblem(taken, 409, 'SUBJECT_TAKEN').subjectId).toBe((await byCode('medtop:15000000')).id);
    const orphan = await t.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: admin,
      payload: { scheme: 'topic', name: 'Orphan', broader: '019a4b4f-0c1d-7aa2-8b3e-5f6a7b8c9d0e' },
    });
    expect(expectProblem(orphan, 422, 'UNKNOWN_SUBJECT').subjectIds).toEqual(['019a4b4f-0c1d-7aa2-8b3e-5f6a7b8c9d0e']);
    expect(await tableRows()).toEqual(before);

    const a = await create({ scheme: 'topic', name: 'Alpha' });
    const b = await create({ scheme: 'topic', name: 'Beta', broader: a.id });
    const c = await create({ scheme: 'topic', name: 'Gamma', broader: b.id });
    const snapshot = await tableRows();
    const loop = await t.inject({
      method: 'PATCH',
      url: `/v1/subjects/${a.id}`,
      headers: { ...admin, 'if-match': '"v1"' },
      payload: { broader: c.id },
    });
    expect(expectProblem(loop, 422, 'SUBJECT_CYCLE').subjectIds).toEqual([c.id, b.id, a.id, c.id]);
    const self = await t.inject({
      method: 'PATCH',
      url: `/v1/subjects/${a.id}`,
      headers: { ...admin, 'if-match': '"v1"' },
      payload: { broader: a.id },
    });
    expectProblem(self, 422, 'SUBJECT_CYCLE');
    expect(await tableRows()).toEqual(snapshot);

    const inUse = await t.inject({
      method: 'DELETE',
      url: `/v1/subjects/${b.id}`,
      headers: { ...admin, 'if-match': '"v1"' },
    });
    expectProblem(inUse, 409, 'SUBJECT_IN_USE');
    const gone = await t.inject({
      method: 'DELETE',
      url: `/v1/subjects/${c.id}`,
      headers: { ...admin, 'if-match': '"v1"' },
    });
    expect(gone.statusCode, gone.body).toBe(204);
  });

  it('renames with If-Match (428 without, 412 stale) and is written by editors only', async () => {
    const s = await create({ scheme: 'organisation', name: 'Harbour Wire' });
    const missing = await t.inject({
      method: 'PATCH',
      url: `/v1/subjects/${s.id}`,
      headers: admin,
      payload: { name: 'x' },
    });
    expectProblem(missing, 428);
    const renamed = await t.inject({
      method: 'PATCH',
      url: `/v1/subjects/${s.id}`,
      headers: { ...admin, 'if-match': '"v1"' },
      payload: { name: 'Harbour Wire Agency' },
    });
    expect(renamed.headers.etag).toBe('"v2"');
    const stale = await t.inject({
      method: 'PATCH',
      url: `/v1/subjects/${s.id}`,
      headers: { ...admin, 'if-match': '"v1"' },
      payload: { name: 'y' },
    });
    expect(expectProblem(stale, 412, 'STALE_ETAG').currentEtag).toBe('"v2"');
    const reader = await createKey(t, 'reader');
    const refused = await t.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: reader.headers,
      payload: { scheme: 'topic', name: 'x' },
    });
    expectProblem(refused, 403, 'FORBIDDEN');
  });
});

// Each run starts a Node process that compiles TypeScript on the fly: slow on a busy machine, not a fault.
describe('cms subjects import', { timeout: 480_000 }, () => {
  it('loads a CSV and a SKOS JSON vocabulary under their broader concepts, and changes nothing the second time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vocabulary-'));
    const csv = join(dir, 'politics.csv');
    writeFileSync(
      csv,
      'qcode,prefLabel,broader\n' +
        'medtop:20000587,"parliament, legislature",medtop:20000586\n' +
        'medtop:20000586,government,medtop:11000000\n',
    );
    const first = await runCli(t.url, ['subjects', 'import', csv]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('2 created, 0 updated, 0 unchanged, 0 failed');
    const government = await byCode('medtop:20000586');
    const parliament = await byCode('medtop:20000587');
    expect(government.broader).toBe((await byCode('medtop:11000000')).id);
    expect(parliament).toMatchObject({ name: 'parliament, legislature', broader: government.id });

    const again = await runCli(t.url, ['subjects', 'import', csv]);
    expect(again.stdout).toContain('0 created, 0 updated, 2 unchanged, 0 failed');

    const json = join(dir, 'skos.json');
    writeFileSync(
      json,
      JSON.stringify({
        conceptSet: [
          {
            uri: 'http://cv.iptc.org/newscodes/mediatopic/20000586',
            prefLabel: { 'en-GB': 'government and politics' },
            broader: ['http://cv.iptc.org/newscodes/mediatopic/11000000'],
          },
        ],
      }),
    );
    const renamed = await runCli(t.url, ['subjects', 'import', json]);
    expect(renamed.stdout, renamed.stderr).toContain('0 created, 1 updated, 0 unchanged, 0 failed');
    expect((await byCode('medtop:20000586')).name).toBe('government and politics');

    const before = await tableRows();
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, 'qcode,prefLabel,broader\nmedtop:20000999,orphan,medtop:29999999\n');
    const failed = await runCli(t.url, ['subjects', 'import', broken]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('1 failed');
    expect(await tableRows()).toEqual(before);
  });
});
