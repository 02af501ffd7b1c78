import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildTestApp, type TestApp } from '../harness.js';

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

/** A real Duar listening on 127.0.0.1 on a fresh SQLite database, with PUBLIC_URL matching its origin. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const t = await buildTestApp('sqlite', { PUBLIC_URL: origin, ...env });
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
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
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
