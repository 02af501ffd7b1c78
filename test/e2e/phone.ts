import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

/**
 * A WOFF 1.0 font as the TrueType file it wraps (each table inflated, the table records rebuilt): Chromium takes system
 * fonts as TrueType or OpenType files only, and the bundled Noto Sans Bengali comes as WOFF.
 */
function woffToTtf(woff: Buffer): Buffer {
  const flavor = woff.readUInt32BE(4);
  const count = woff.readUInt16BE(12);
  const tables = Array.from({ length: count }, (_, i) => {
    const at = 44 + i * 20;
    const [tag, offset, compLength, origLength, checksum] = [0, 4, 8, 12, 16].map((o) => woff.readUInt32BE(at + o)) as [number, number, number, number, number];
    const raw = woff.subarray(offset, offset + compLength);
    return { tag, checksum, data: compLength < origLength ? inflateSync(raw) : raw };
  });
  const power = 2 ** Math.floor(Math.log2(count));
  const head = Buffer.alloc(12 + count * 16);
  head.writeUInt32BE(flavor, 0);
  head.writeUInt16BE(count, 4);
  head.writeUInt16BE(power * 16, 6);
  head.writeUInt16BE(Math.log2(power), 8);
  head.writeUInt16BE(count * 16 - power * 16, 10);
  const parts: Buffer[] = [head];
  let offset = head.length;
  tables.forEach((t, i) => {
    head.writeUInt32BE(t.tag, 12 + i * 16);
    head.writeUInt32BE(t.checksum, 16 + i * 16);
    head.writeUInt32BE(offset, 20 + i * 16);
    head.writeUInt32BE(t.data.length, 24 + i * 16);
    const padded = Buffer.alloc(Math.ceil(t.data.length / 4) * 4);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

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
  for (const weight of ['400', '700']) {
    const name = `noto-sans-bengali-bengali-${weight}-normal`;
    writeFileSync(join(dir, 'fonts', `${name}.ttf`), woffToTtf(readFileSync(join(files, `${name}.woff`))));
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
