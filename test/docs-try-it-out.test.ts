import { createServer } from 'node:net';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createTestApp, type TestApp } from './helpers/app.js';

/**
 * /docs as a person uses it, in Debian's Chromium against the server on a port of its own: "Try it
 * out" → "Execute" on the list, a create (with the API key entered through "Authorize") and a read of
 * the story created must answer 2xx out of the box, with nothing pre-filled that the server refuses.
 */
const CHROMIUM = '/usr/bin/chromium';
let t: TestApp;
let base: string;
let browser: Browser;
let page: Page;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  const port = await freePort();
  t = await createTestApp({ PORT: String(port), RATE_LIMIT_MAX: '1000' });
  base = await t.app.listen({ port, host: '127.0.0.1' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  page = await browser.newPage();
  await page.goto(`${base}/docs`);
  await page.locator('.opblock').first().waitFor();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Opens an operation, turns on "Try it out" when it is not on already, and gives its block. */
async function open(operationId: string, tag = 'articles'): Promise<Locator> {
  const block = page.locator(`#operations-${tag}-${operationId}`);
  await block.locator('.opblock-summary').first().click();
  const tryOut = block.locator('button.try-out__btn');
  if ((await tryOut.textContent())?.includes('Try it out')) await tryOut.click();
  return block;
}

/** Presses "Execute" and reads the status and body the page shows. */
async function execute(block: Locator): Promise<{ status: number; body: string }> {
  await block.locator('button.execute').click();
  const status = block.locator('.live-responses-table .response .response-col_status');
  await status.first().waitFor({ timeout: 30_000 });
  const body = block.locator('.live-responses-table .response-col_description .highlight-code pre').first();
  return {
    status: Number((await status.first().textContent())?.trim().match(/^\d{3}/)?.[0]),
    body: (await body.count()) ? ((await body.textContent()) ?? '') : '',
  };
}

describe('/docs "Try it out"', () => {
  it('lists stories with the parameters as the page fills them in', async () => {
    const answer = await execute(await open('listArticles'));
    expect(answer.status, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ data: expect.any(Array) });
  }, 60_000);

  it('creates the example story with the key entered through Authorize, then reads it by the id typed in', async () => {
    await page.locator('.auth-wrapper button.authorize').click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('input').first().fill(ADMIN_KEY);
    await dialog.locator('button.authorize[type="submit"], .auth-btn-wrapper button.authorize').first().click();
    await dialog.locator('button.btn-done').click();

    const created = await execute(await open('createArticle'));
    expect(created.status, created.body).toBe(201);
    const story = JSON.parse(created.body) as { id: string; headline: string; captions: unknown[] };
    expect(story.captions.length).toBeGreaterThan(0);
    expect(await t.app.database.prisma.article.count({ where: { id: story.id } })).toBe(1);

    const read = await open('getArticle');
    await read.locator('tr[data-param-name="id"] input').fill(story.id);
    const answer = await execute(read);
    expect(answer.status, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ id: story.id, headline: story.headline });
  }, 90_000);
});
