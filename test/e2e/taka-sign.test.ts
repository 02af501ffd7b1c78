/**
 * The taka sign (৳) in the dashboard is a glyph, never a box (issue 17.6). No Latin system font here has it, so it
 * comes from the bundled Noto Sans Bengali; Chromium drew it as a box (the primary font's .notdef) in text laid out
 * while that font loaded, and kept the box after it loaded. Each ৳ on the page is measured against a character no
 * font has (U+E000, which is drawn as that .notdef) in the same element: the same width means a box.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createAdmin } from '../../src/modules/admins/service.js';
import { seedKey } from '../harness.js';
import { dialects } from '../dialects.js';
import { apiCheckout, browserSteps, byLabel, type TestServer } from './server.js';

const EMAIL = 'taka@example.com';
const PASSWORD = 'correct horse battery staple';

/** Every ৳ in the page's text whose width is that of a missing glyph in the same element, described for the message. */
async function boxedTakaSigns(page: Page): Promise<{ boxed: string[]; checked: number }> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
  return page.evaluate(() => {
    const boxed: string[] = [];
    let checked = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const at = node.data.indexOf('৳');
      const parent = node.parentElement;
      if (at === -1 || !parent || parent.getClientRects().length === 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const sign = range.getBoundingClientRect().width;
      const probe = document.createElement('span');
      probe.textContent = '\ue000';
      parent.append(probe);
      const missing = probe.getBoundingClientRect().width;
      probe.remove();
      checked++;
      if (Math.abs(sign - missing) < 0.01) boxed.push(`"${node.data.trim()}" (${getComputedStyle(parent).fontWeight}): ${sign.toFixed(2)} px`);
    }
    return { boxed, checked };
  });
}

// On both databases: the browser walk reads what PostgreSQL returns too (amounts as numbers, not strings).
for (const dialect of dialects)
  describe(`${dialect}: dashboard: the taka sign renders in Chromium`, () => {
    let server: TestServer;
    let page: Page;
    let key = '';

    const it = browserSteps(
      `taka-sign-${dialect}`,
      async (session) => {
        ({ server, page } = session);
        await createAdmin(server.db, { email: EMAIL, password: PASSWORD });
        key = (await seedKey(server)).key;
        for (const amount of ['1250', '125000.50']) await apiCheckout(server, key, { amount });
      },
      {},
      dialect,
    );

    it('is a glyph in the payment rows drawn on the first load, before the Bengali font has arrived', async () => {
      await page.goto('/admin/brands/default/payments');
      await byLabel(page, 'Email').fill(EMAIL);
      await byLabel(page, 'Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('payments-table').getByText('৳1,25,000.50').first().waitFor();
      const { boxed, checked } = await boxedTakaSigns(page);
      assert.ok(checked >= 2, `only ${checked} taka signs on the page`);
      assert.deepEqual(boxed, [], 'taka signs drawn as a box');
    });

    it('is a glyph in a list and a payment page drawn after the font has loaded', async () => {
      await apiCheckout(server, key, { amount: '7777' });
      await page.reload();
      await page.getByTestId('payments-table').getByText('৳7,777.00').first().waitFor();
      await page.getByTestId('payments-table').getByRole('link').first().click();
      await page.getByRole('heading', { name: 'Refunds' }).waitFor();
      const { boxed, checked } = await boxedTakaSigns(page);
      assert.ok(checked >= 1, `only ${checked} taka signs on the page`);
      assert.deepEqual(boxed, [], 'taka signs drawn as a box');
    });
  });
