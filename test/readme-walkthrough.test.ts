import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, listeningTestApp } from './helpers/app.js';
import { ROOT } from './helpers/node-ts.js';
import { shellBlocks } from './helpers/snippets.js';

// The README's walkthrough and "Editing safely" run as written (curl and jq, as a reader has them)
// against a real server; only the two exports at the top get this server's key and address. The
// server runs in this process, so bash runs asynchronously (spawnSync would block its event loop).

const served = listeningTestApp();

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

describe("the README's walkthrough", () => {
  it('stores the story, and Editing safely answers 200, 412 and 304 as its comments say', async () => {
    expect(has('curl') && has('jq'), 'the README snippets need curl and jq').toBe(true);
    const blocks = shellBlocks('README.md').filter((b) =>
      ['Walkthrough: store a story', 'Editing safely'].includes(b.section),
    );
    expect(blocks.map((b) => b.section)).toEqual(['Walkthrough: store a story', 'Editing safely']);
    const script = blocks.map((b) => b.code).join('\n');
    expect(script).toMatch(/^export KEY=.*\nexport API=.*$/m);
    const run = await promisify(execFile)(
      '/bin/bash',
      ['--norc', '--noprofile', '-u', '-c', script.replace(/^export (KEY|API)=.*$/gm, ': $$$1 is set')],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, KEY: ADMIN_KEY, API: `${served.base}/v1` },
        timeout: 60_000,
      },
    );
    expect(run.stderr).toBe('');
    const out = run.stdout.replace(/\r/g, '');
    // The story read by its slug, with its caption and its link to the background story.
    // (curl prints no newline after a JSON body, so the next snippet's grep output follows it on its line)
    const story = JSON.parse(out.slice(out.indexOf('{'), out.search(/etag: "v1"/i)));
    expect(story).toMatchObject({ headline: 'US-Russia talks fail as Crimea vote looms', version: 1 });
    expect(story.captions).toHaveLength(1);
    expect(story.related).toEqual([expect.objectContaining({ rel: 'background' })]);
    // Editing safely, line by line: the ETag, the PATCH, the stale PATCH, the conditional read.
    const statuses = [...out.matchAll(/HTTP\/1\.1 (\d{3})/g)].map(([, status]) => Number(status));
    expect(statuses).toEqual([200, 412, 304]);
    expect(out).toMatch(/etag: "v1"$/im); // the grep of the first line
    expect(out).toMatch(/"currentEtag":"\\"v2\\""/);
  });
});
