import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { createArticle, ifMatch } from './helpers/factories.js';
import { appOnClock } from './helpers/instances.js';
import { step, storyWithStatus } from './helpers/publishing.js';

// The app's clock is in 2014; the CLI export runs at the real time, long after.
const app = appOnClock('2014-03-14T12:00:00.000Z');

describe('cms export --format ninjs: related associations', { timeout: 120_000 }, () => {
  it('names only related stories the public may see; the lossless NDJSON export keeps every link', async () => {
    const FUTURE = '2014-04-01T00:00:00Z';
    const visible = await storyWithStatus(app.t, 'published', FUTURE, { headline: 'Visible background story' });
    const hidden = {
      draft: await storyWithStatus(app.t, 'draft', FUTURE, { headline: 'Secret draft headline' }),
      scheduled: await storyWithStatus(app.t, 'scheduled', FUTURE, { headline: 'Secret scheduled headline' }),
      archived: await storyWithStatus(app.t, 'archived', FUTURE, { headline: 'Secret archived headline' }),
      embargoed: await storyWithStatus(app.t, 'published', FUTURE, {
        headline: 'Secret embargoed headline',
        embargoedUntil: '2999-01-01T00:00:00Z',
      }),
      takenDown: await storyWithStatus(app.t, 'published', FUTURE, { headline: 'Secret taken-down headline' }),
      trashed: await storyWithStatus(app.t, 'published', FUTURE, { headline: 'Secret trashed headline' }),
    };
    // Due to come down in 2014: long past when the export runs, though no scheduler ever ran.
    await step(app.t, hidden.takenDown, 'unpublish', { at: '2014-03-15T00:00:00Z' });
    const main = await createArticle(app.t, {
      headline: 'Published story with many links',
      related: [visible, ...Object.values(hidden)].map((s) => ({ articleId: s.id, rel: 'background' })),
    });
    await step(app.t, main, 'publish');
    const trashed = await app.t.inject({
      method: 'DELETE',
      url: `/v1/articles/${hidden.trashed.id}`,
      headers: ifMatch(hidden.trashed.etag),
    });
    expect(trashed.statusCode).toBe(204);

    const run = await runCli(app.t.url, ['export', '--format', 'ninjs']);
    expect(run.code, run.stderr).toBe(0);
    const items = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const item = items.find((i) => i.uri.endsWith(main.id));
    const texts = item.associations.filter((a: { type: string }) => a.type === 'text');
    expect(texts.map((a: { uri: string }) => a.uri)).toEqual([`urn:newsroom-cms:article:${visible.id}`]);
    for (const other of items.filter((i) => i.pubStatus === 'usable')) {
      expect(JSON.stringify(other.associations ?? [])).not.toMatch(/Secret|secret-/);
    }

    const lossless = await runCli(app.t.url, ['export', '--format', 'ndjson']);
    const doc = lossless.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .find((d) => d.article.id === main.id);
    expect(doc.related).toHaveLength(7);
  });
});
