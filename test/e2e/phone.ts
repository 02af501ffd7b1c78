import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

/**
 * The customer's side of the browser tests: a 390 px phone, and the SMS its shop's phone forwards.
 *
 * The customer pages download no font (ADR 100): a phone draws Bangla and ৳ with its own system font. This machine's
 * Debian has none, so Chromium would draw boxes in the screenshots. `usePhoneFonts()` gives the Chromium this process
 * launches what a phone has, a system Bangla font (the dashboard's bundled Noto Sans Bengali, through a fontconfig
 * file that adds it to the system's fonts). Call it before the browser starts; each test file is its own process.
 */
export function usePhoneFonts(): void {
  const files = join(dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-bengali/package.json')), 'files');
  const dir = mkdtempSync(join(tmpdir(), 'duar-phone-fonts-'));
  mkdirSync(join(dir, 'fonts'));
  // WOFF, not WOFF2: FreeType reads WOFF without brotli.
  for (const weight of ['400', '700']) {
    const name = `noto-sans-bengali-bengali-${weight}-normal.woff`;
    copyFileSync(join(files, name), join(dir, 'fonts', name));
  }
  const config = `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>${join(dir, 'fonts')}</dir><cachedir>${join(dir, 'cache')}</cachedir></fontconfig>`;
  writeFileSync(join(dir, 'fonts.conf'), config);
  process.env.FONTCONFIG_FILE = join(dir, 'fonts.conf');
}

/** A customer's phone: 390 px wide, touch, its own cookies; `locale` is also the Accept-Language it sends. */
export async function phonePage(browser: Browser, origin: string, options: { locale?: string } = {}): Promise<{ page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    baseURL: origin,
    reducedMotion: 'reduce',
    locale: options.locale ?? 'en-GB',
    timezoneId: 'Asia/Dhaka',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  return { page, consoleErrors };
}

/** What the forwarder app on the shop's phone sends for one bKash SMS, with the device key, over real HTTP. */
export async function forwardSms(origin: string, key: string, text: string) {
  const res = await fetch(`${origin}/api/device/sms`, {
    method: 'POST',
    headers: { 'X-Device-Key': key, 'Content-Type': 'application/json', 'User-Agent': 'SMS Forwarder App' },
    body: JSON.stringify({ from: 'bKash', text, sentStamp: Date.now(), receivedStamp: Date.now(), sim: 'sim1' }),
  });
  return { status: res.status, body: (await res.json()) as { results?: { status: string; invoice_id: string | null }[] } };
}
