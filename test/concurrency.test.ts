import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, listeningTestApp } from './helpers/app.js';
import { createArticle } from './helpers/factories.js';

const served = listeningTestApp();

const N = 12;

describe('concurrent writes over real sockets', () => {
  it(`${N} PATCHes carrying the same ETag yield exactly one 200 and ${N - 1} 412s`, async () => {
    const story = await createArticle(served.t);
    const responses = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        fetch(`${served.base}/v1/articles/${story.id}`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', 'if-match': story.etag },
          body: JSON.stringify({ headline: `Desk ${i} was here` }),
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(N - 1).fill(412)]);
    const winner = responses.find((r) => r.status === 200);
    const { headline } = (await winner!.json()) as { headline: string };
    const current = await fetch(`${served.base}/v1/articles/${story.id}`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(current.headers.get('etag')).toBe('"v2"');
    expect(((await current.json()) as { headline: string }).headline).toBe(headline);
    expect(await served.t.app.database.prisma.revision.count({ where: { articleId: story.id } })).toBe(2);
  });

  it('concurrent caption adds with the same ETag: one lands, the rest are 412 and add nothing', async () => {
    const story = await createArticle(served.t);
    const responses = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        fetch(`${served.base}/v1/articles/${story.id}/captions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', 'if-match': story.etag },
          body: JSON.stringify({ text: `Caption ${i}` }),
        }),
      ),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 412)).toHaveLength(N - 1);
    expect(await served.t.app.database.prisma.caption.count({ where: { articleId: story.id } })).toBe(1);
  });
});
