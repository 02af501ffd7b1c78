import { after, before, it as test } from 'node:test';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildTestApp, type TestApp } from '../harness.js';
import { ran, type TestDialect } from '../dialects.js';

/** Debian's Chromium (`apt-get install -y chromium`); DUAR_CHROMIUM names another system-installed one. Never a downloaded browser. */
export const CHROMIUM = process.env.DUAR_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;

/**
 * Browser tests need Debian's Chromium. Locally they are skipped (with this message) when it is absent;
 * in CI they always run, and a missing browser fails the run.
 */
export const browserSkip: string | false =
  existsSync(CHROMIUM) || process.env.CI ? false : `browser test skipped: Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export type TestServer = TestApp & { origin: string };

/** A real Duar listening on 127.0.0.1 on a fresh database (SQLite unless asked), with PUBLIC_URL matching its origin. */
export async function startTestServer(env: Record<string, string> = {}, dialect: TestDialect = 'sqlite'): Promise<TestServer> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const t = await buildTestApp(dialect, { PUBLIC_URL: origin, ...env });
    try {
      await t.app.listen({ port, host: '127.0.0.1' });
      return { ...t, origin };
    } catch (err) {
      await t.close();
      // Another process took the port between probing and listening: try another.
      if (attempt >= 3 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is required in CI but missing at ${CHROMIUM}: apt-get install -y chromium`);
  ran('chromium');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A desktop-sized context that may read and write the clipboard of the Duar origin. */
export async function newContext(browser: Browser, origin: string, viewport = { width: 1280, height: 860 }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, baseURL: origin, reducedMotion: 'reduce', locale: 'en-GB', timezoneId: 'Asia/Dhaka' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  context.setDefaultTimeout(15_000);
  return context;
}

/** A form field by its visible label (Mantine appends " *" to required ones). */
export function byLabel(page: Page, label: string) {
  return page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`));
}

export type BrowserSession = { server: TestServer; browser: Browser; context: BrowserContext; page: Page; consoleErrors: string[] };

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// Rules whose failures count whatever impact axe gives them (the issue names them: duplicate page banner in dialogs).
const ALWAYS = new Set(['landmark-no-duplicate-banner', 'landmark-banner-is-top-level', 'landmark-unique', 'page-has-heading-one']);

/**
 * axe-core (WCAG 2.0/2.1 A and AA plus best practices) on the page as it is now, open dialogs included: no critical or
 * serious violation, one h1,
 * and no sideways scrolling at the current width.
 */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  // Evaluated through the DevTools protocol, not as a <script>: the dashboard's CSP (script-src 'self') rightly refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: unknown,
          ) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  });
  const bad = found.filter((v) => v.impact === 'critical' || v.impact === 'serious' || ALWAYS.has(v.id));
  assert.deepEqual(bad, [], `${state}: axe-core violations`);
  assert.equal(await page.locator('h1').count(), 1, `${state}: one h1`);
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `${state}: no sideways scrolling (${scroll} px of content in ${width} px)`);
}

/** Console errors a browser logs for the page, except answers the step asked for (a 4xx to a refused form). */
export function unexpectedConsoleErrors(errors: string[]): string[] {
  return errors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e));
}

/** A screenshot for docs/screenshots/, taken only once the screen passes the accessibility checks. */
export async function screenshot(session: Pick<BrowserSession, 'page' | 'consoleErrors'>, name: string, full = false): Promise<void> {
  await expectAccessible(session.page, name);
  assert.deepEqual(unexpectedConsoleErrors(session.consoleErrors), [], `${name}: console errors`);
  // The taka sign's font arrives on first use; wait for it so no glyph is a box in the picture.
  await session.page.evaluate(async () => {
    await Promise.all(['400', '700'].map((weight) => document.fonts.load(`${weight} 16px "Noto Sans Bengali"`, '৳')));
    await document.fonts.ready;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
  await session.page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: full });
}

/**
 * One server, browser and page for a describe block, and the `it` that runs its steps. The steps build on each other:
 * after one fails, the rest fail at once instead of waiting for their timeouts (a screenshot of the failure goes to
 * the temp folder). `ready` receives the session once it is up, to keep it and to seed data; `env` configures the server.
 */
export function browserSteps(
  label: string,
  ready: (session: BrowserSession) => Promise<void> | void,
  env: Record<string, string> = {},
  dialect: TestDialect = 'sqlite',
) {
  let session: BrowserSession | undefined;
  let broken: string | null = null;

  before(async () => {
    if (browserSkip) return;
    const server = await startTestServer(env, dialect);
    const browser = await launchBrowser();
    const context = await newContext(browser, server.origin);
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    session = { server, browser, context, page, consoleErrors };
    await ready(session);
  });

  after(async () => {
    await session?.context.close();
    await session?.browser.close();
    await session?.server.close();
  });

  return (name: string, fn: () => Promise<void>) =>
    test(name, { skip: browserSkip }, async () => {
      if (broken) throw new Error(`not run: an earlier step failed (${broken})`);
      try {
        await fn();
      } catch (err) {
        broken = name;
        await session?.page.screenshot({ path: join(tmpdir(), `duar-e2e-${label}-failed-step.png`), fullPage: true }).catch(() => undefined);
        throw err;
      }
    });
}

/** A checkout made over real HTTP with `apiKey`, as a shop would (a Jane Doe order unless `extra` says otherwise): its invoice id. */
export async function apiCheckout(server: TestServer, apiKey: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await fetch(`${server.origin}/api/checkout-v2`, {
    method: 'POST',
    headers: { 'RT-UDDOKTAPAY-API-KEY': apiKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      full_name: 'Jane Doe',
      email: 'jane@example.com',
      amount: '100',
      metadata: { order_id: 42 },
      redirect_url: 'https://shop.example.com/paid',
      cancel_url: 'https://shop.example.com/cart',
      ...extra,
    }),
  });
  const body = await res.text();
  assert.equal(res.status, 200, body);
  return (JSON.parse(body).payment_url as string).split('/').pop()!;
}
