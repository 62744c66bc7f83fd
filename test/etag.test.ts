import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { createArticle, expectProblem, ifMatch } from './helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

interface Operation {
  method: string;
  path: string;
  operationId: string;
}

/** Every operation whose OpenAPI description takes an If-Match header: the contract to check. */
/** The story operations that take If-Match; contributors and subjects test theirs in their own files. */
async function ifMatchOperations(): Promise<Operation[]> {
  const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json();
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<
    Record<string, { operationId: string; parameters?: { in: string; name: string }[] }>
  >(doc.paths)) {
    if (!/^\/v1\/(articles|trash)\//.test(path)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (op.parameters?.some((p) => p.in === 'header' && p.name === 'if-match'))
        ops.push({ method: method.toUpperCase(), path, operationId: op.operationId });
    }
  }
  return ops;
}

/** A fresh story (in the trash for trash operations) with a caption and a link, and a valid request for the operation. */
async function scenario(op: Operation) {
  const other = await createArticle(t, { headline: 'Link target story' });
  const spare = await createArticle(t, { headline: 'Spare story' });
  const story = await createArticle(t, {
    captions: [{ text: 'First caption' }, { text: 'Second caption' }],
    related: [{ articleId: other.id }],
  });
  let version = 1;
  if (op.operationId === 'unpublishArticle' || op.operationId === 'addCorrection') {
    expect(
      (
        await t.inject({
          method: 'POST',
          url: `/v1/articles/${story.id}/publish`,
          headers: ifMatch('"v1"'),
          payload: {},
        })
      ).statusCode,
    ).toBe(200);
    version = 2;
  }
  if (op.operationId === 'unkillArticle') {
    expect(
      (
        await t.inject({
          method: 'POST',
          url: `/v1/articles/${story.id}/kill`,
          headers: ifMatch('"v1"'),
          payload: { reason: 'Legal' },
        })
      ).statusCode,
    ).toBe(200);
    version = 2;
  }
  if (op.path.startsWith('/v1/trash')) {
    expect(
      (await t.inject({ method: 'DELETE', url: `/v1/articles/${story.id}`, headers: ifMatch('"v1"') })).statusCode,
    ).toBe(204);
    version = 2;
  }
  const read = await t.inject({
    method: 'GET',
    url: op.path.startsWith('/v1/trash') ? `/v1/trash/${story.id}` : `/v1/articles/${story.id}`,
    headers: admin,
  });
  const article = read.json();
  const url = op.path
    .replace('{id}', story.id)
    .replace('{captionId}', article.captions[0].id)
    .replace('{relatedArticleId}', other.id)
    .replace('{version}', '1');
  const bodies: Record<string, unknown> = {
    updateArticle: { headline: 'Changed' },
    createCaption: { text: 'Another caption' },
    updateCaption: { text: 'Changed caption' },
    reorderCaptions: { captionIds: [...article.captions].reverse().map((c: { id: string }) => c.id) },
    addRelated: { articleId: spare.id },
    replaceRelated: { articleIds: [spare.id] },
    publishArticle: {},
    unpublishArticle: {},
    addCorrection: { text: 'An earlier version misspelt the minister’s name.', kind: 'correction' },
    killArticle: { reason: 'Court order', notice: 'This story has been removed for legal reasons.' },
    unkillArticle: { reason: 'Order lifted' },
  };
  const needsBody = ['POST', 'PUT', 'PATCH'].includes(op.method) && op.operationId in bodies;
  return {
    story,
    version,
    url,
    payload: needsBody ? bodies[op.operationId] : undefined,
    snapshot: JSON.stringify(article),
  };
}

describe('every write to an existing article needs its current ETag in If-Match', () => {
  it('covers the operations that declare If-Match', async () => {
    const ids = (await ifMatchOperations()).map((op) => op.operationId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'updateArticle',
        'deleteArticle',
        'createCaption',
        'updateCaption',
        'deleteCaption',
        'reorderCaptions',
        'addRelated',
        'replaceRelated',
        'removeRelated',
        'restoreRevision',
        'restoreFromTrash',
        'purgeArticle',
        'killArticle',
        'unkillArticle',
      ]),
    );
  });

  it('answers 428 without If-Match, 412 with a stale one, changes nothing, then succeeds with the current ETag', async () => {
    for (const op of await ifMatchOperations()) {
      const s = await scenario(op);
      const send = (headers: Record<string, string>) =>
        t.inject({
          method: op.method as 'POST',
          url: s.url,
          headers,
          ...(s.payload !== undefined && { payload: s.payload as object }),
        });
      const readBack = async () => {
        const live = await t.inject({ method: 'GET', url: `/v1/articles/${s.story.id}`, headers: admin });
        const r =
          live.statusCode === 200
            ? live
            : await t.inject({ method: 'GET', url: `/v1/trash/${s.story.id}`, headers: admin });
        return r.body;
      };

      expectProblem(await send(admin), 428, 'IF_MATCH_REQUIRED');
      const stale = await send(ifMatch(`"v${s.version + 5}"`));
      const problem = expectProblem(stale, 412, 'STALE_ETAG');
      expect(problem, op.operationId).toMatchObject({ currentVersion: s.version, currentEtag: `"v${s.version}"` });
      expect(stale.headers.etag).toBe(`"v${s.version}"`);
      expectProblem(await send(ifMatch('garbage')), 412);
      expect(await readBack(), op.operationId).toBe(s.snapshot);

      const ok = await send(ifMatch(`"v${s.version}"`));
      expect(ok.statusCode, `${op.operationId}: ${ok.body}`).toBeLessThan(300);
      if (op.operationId !== 'purgeArticle') expect(ok.headers.etag, op.operationId).toBe(`"v${s.version + 1}"`);
    }
  });
});

describe('conditional GET', () => {
  it('answers 304 to If-None-Match with the current ETag and 200 after a change', async () => {
    const story = await createArticle(t);
    const notModified = await t.inject({
      method: 'GET',
      url: `/v1/articles/${story.id}`,
      headers: { ...admin, 'if-none-match': story.etag },
    });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    expect(notModified.headers.etag).toBe(story.etag);
    await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch(story.etag),
      payload: { summary: 'Changed' },
    });
    const changed = await t.inject({
      method: 'GET',
      url: `/v1/articles/${story.id}`,
      headers: { ...admin, 'if-none-match': story.etag },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).toBe('"v2"');
  });

  it('answers 304 by slug too', async () => {
    const story = await createArticle(t);
    const bySlug = await t.inject({
      method: 'GET',
      url: `/v1/articles/slug/${story.slug}`,
      headers: { ...admin, 'if-none-match': `W/"v0", ${story.etag}` },
    });
    expect(bySlug.statusCode).toBe(304);
    const stale = await t.inject({
      method: 'GET',
      url: `/v1/articles/slug/${story.slug}`,
      headers: { ...admin, 'if-none-match': '"v0"' },
    });
    expect(stale.statusCode).toBe(200);
  });
});
