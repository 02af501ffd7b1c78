/**
 * Brand Settings → API Settings in a real browser (Debian's Chromium through playwright-core) against a real Duar
 * on a temporary SQLite database: setup, sign-in, the key's whole life, every validation error and the endpoint list.
 * The steps share one browser page and run in order; each saves a screenshot to docs/screenshots/.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { issueSetupToken } from '../../src/modules/admins/service.js';
import { browserSteps, screenshot, type TestServer } from './server.js';

const EMAIL = 'owner@example.com';
const PASSWORD = 'correct horse battery staple';

describe('dashboard: API Settings in Chromium', () => {
  let server: TestServer;
  let context: BrowserContext;
  let page: Page;
  let keyValue = '';
  const pageErrors: string[] = [];

  /** A form field by its visible label (Mantine appends " *" to required ones). */
  const byLabel = (label: string) => page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`));
  let consoleErrors: string[] = [];
  const shot = (name: string, full = false) => screenshot({ page, consoleErrors }, name, full);
  const me = (key: string) => fetch(`${server.origin}/api/me`, { headers: { 'RT-UDDOKTAPAY-API-KEY': key } });
  const row = (name: string) =>
    page
      .getByTestId('keys-table')
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name, exact: true }) });
  async function openActions(name: string, item: string) {
    await page.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: item }).click();
  }
  /** The error message shown beside a field, found through the field's aria-describedby (what a screen reader reads). */
  async function fieldError(label: string | Locator): Promise<string> {
    const field = typeof label === 'string' ? byLabel(label) : label;
    await assert.doesNotReject(field.waitFor());
    await page.waitForFunction((el) => /-error\b/.test(el?.getAttribute('aria-describedby') ?? ''), await field.elementHandle());
    if (typeof label === 'string') assert.equal(await field.getAttribute('aria-invalid'), 'true', `${label} is marked invalid`);
    const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
    const texts = await Promise.all(
      ids.map((id) =>
        page
          .locator(`[id="${id}"]`)
          .innerText()
          .catch(() => ''),
      ),
    );
    return texts.join(' ');
  }

  const it = browserSteps('api-settings', async (session) => {
    ({ server, context, page, consoleErrors } = session);
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  it('creates the first administrator with the one-time setup token', async () => {
    const token = await issueSetupToken(server.db);
    await page.goto('/admin/');
    await page.getByRole('heading', { name: 'Set up Duar' }).waitFor();
    assert.match(page.url(), /\/admin\/sign-in$/);
    await byLabel('Setup token').fill('not-the-token');
    await byLabel('Email').fill(EMAIL);
    await byLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    assert.match(await fieldError('Setup token'), /setup token is not valid/);
    await byLabel('Setup token').fill(token);
    await shot('01-setup');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    // The brand opens on its Overview; a new installation's first stop is API Settings, one click away.
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'API Settings' }).click();
    await page.getByRole('heading', { name: 'API Settings' }).waitFor();
  });

  it('shows an empty state that explains what a key is for', async () => {
    const empty = page.getByTestId('keys-empty');
    await empty.waitFor();
    assert.match(await empty.innerText(), /password your website or plugin/);
    await shot('02-api-settings-empty', true);
  });

  it('signs out and signs in again, refusing a wrong password with the server message', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Duar' }).waitFor();
    await byLabel('Email').fill(EMAIL);
    await byLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.match(await page.getByRole('alert').innerText(), /email or password is not correct/);
    await byLabel('Password').fill(PASSWORD);
    await shot('03-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'API Settings' }).waitFor();
  });

  it('shows every validation error beside its field: no name, no ability, a past date, an impossible date', async () => {
    await page.getByRole('button', { name: 'New api key' }).click();
    const dialog = page.getByRole('dialog', { name: 'New api key' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Not sure\? Select all three/);
    for (const d of ['Create checkout sessions', 'Read the status and details', 'Refund a completed payment'])
      assert.match(await dialog.innerText(), new RegExp(d));
    assert.equal(await page.getByRole('switch', { name: 'Is active' }).isChecked(), true, 'Is active is on by default');

    await dialog.getByRole('button', { name: 'Create' }).click();
    assert.match(await fieldError('Name'), /Name must not be empty/);
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('id')),
      await byLabel('Name').getAttribute('id'),
      'focus goes to the field at fault',
    );

    await byLabel('Name').fill('Shop website');
    await dialog.getByRole('button', { name: 'Create' }).click();
    assert.match(await fieldError(dialog.getByRole('group', { name: /^Abilities/ })), /select at least one ability/);

    await dialog.getByRole('checkbox', { name: 'payment:checkout' }).check();
    await byLabel('Expires at').fill('01/01/2020');
    await byLabel('Name').click();
    await dialog.getByRole('button', { name: 'Create' }).click();
    assert.match(await fieldError('Expires at'), /01\/01\/2020 is in the past/);

    await byLabel('Expires at').fill('31/02/2026');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.waitForFunction(() => document.body.innerText.includes('31/02/2026" is not a valid date'));
    const message = await fieldError('Expires at');
    assert.match(message, /not a valid date; use the format dd\/mm\/yyyy/);
    assert.equal(await page.locator('[data-weekend]').count(), 0, 'the calendar does not pop open by itself after a failed save');
    assert.equal(await dialog.isVisible(), true);
    await shot('04-new-key-field-errors');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('keys-empty').isVisible(), true, 'no key was created by the refused attempts');
  });

  it('creates a key with every field, with the date taken from the picker', async () => {
    await page.getByRole('button', { name: 'New api key' }).click();
    const dialog = page.getByRole('dialog', { name: 'New api key' });
    await byLabel('Name').fill('Shop website');
    for (const a of ['payment:checkout', 'payment:verify', 'payment:refund']) await dialog.getByRole('checkbox', { name: a }).check();
    // The picker: open it from the field, go to next month and choose the 15th.
    await byLabel('Expires at').click();
    const next = page.locator('[data-direction="next"]').first();
    await next.click();
    await page.locator('table button:not([data-outside]):text-is("15")').first().click();
    const picked = await byLabel('Expires at').inputValue();
    assert.match(picked, /^15\/\d{2}\/\d{4}$/, `the picker fills dd/mm/yyyy, got "${picked}"`);
    // Toggle Is active off and on again: the switch works and the key is created active.
    await page.getByRole('switch', { name: 'Is active' }).uncheck();
    await page.getByRole('switch', { name: 'Is active' }).check();
    await shot('05-new-key-form');
    await dialog.getByRole('button', { name: 'Create' }).click();

    const created = page.getByRole('dialog', { name: 'Your new API key' });
    await created.waitFor();
    keyValue = await page.getByTestId('new-key-value').inputValue();
    assert.ok(keyValue.length >= 30, `a full key is shown, got "${keyValue}"`);
    assert.match(await created.innerText(), /never be shown again/);

    const listed = await page.evaluate(async () => (await fetch('/admin/api/brands/default/api-keys')).json());
    const k = (listed as { api_keys: { name: string; abilities: string[]; expires_at: string; is_active: boolean }[] }).api_keys[0]!;
    assert.deepEqual(
      [k.name, k.abilities, k.expires_at, k.is_active],
      ['Shop website', ['payment:checkout', 'payment:verify', 'payment:refund'], picked, true],
    );
  });

  it('copies the key to the clipboard from the modal and confirms it did', async () => {
    const created = page.getByRole('dialog', { name: 'Your new API key' });
    await created.getByRole('button', { name: 'Copy', exact: true }).click();
    await created.getByText('The key was copied to your clipboard.').waitFor();
    assert.equal(await created.getByRole('button', { name: 'Copied' }).count(), 1);
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(clip, keyValue, 'the clipboard holds the exact key');
    await shot('06-key-created-modal');
  });

  it('asks for confirmation before closing, also on Escape', async () => {
    const created = page.getByRole('dialog', { name: 'Your new API key' });
    await page.keyboard.press('Escape');
    await created.getByText('Close without the key?').waitFor();
    await created.getByRole('button', { name: 'Go back' }).click();
    assert.equal(await created.getByText('Close without the key?').count(), 0);
    await created.getByRole('button', { name: 'Done' }).click();
    await shot('07-key-created-confirm-close');
    await created.getByRole('button', { name: 'I have saved the key, close' }).click();
    await created.waitFor({ state: 'detached' });
  });

  it('after closing, the key is in neither the page, the list response, the URL nor browser storage', async () => {
    // Every response's body is read as it arrives; one that cannot be read is reported, never counted as clean.
    const responses: Promise<{ url: string; status: number; body: string | null; error?: string }>[] = [];
    // Hashed build files (/admin/assets/) are the same bytes for every visitor and cannot hold a key; a reload may
    // discard their bodies (fonts) before they are read.
    page.on('response', (res) => {
      if (new URL(res.url()).pathname.startsWith('/admin/assets/')) return;
      responses.push(
        res.text().then(
          (body) => ({ url: res.url(), status: res.status(), body }),
          (err: Error) => ({ url: res.url(), status: res.status(), body: null, error: err.message }),
        ),
      );
    });
    await row('Shop website').waitFor();
    assert.ok(!(await page.content()).includes(keyValue), 'page HTML');
    assert.ok(!(await page.evaluate(() => document.body.innerText)).includes(keyValue), 'page text');
    assert.ok(
      !(
        await page.evaluate(() =>
          Array.from(document.querySelectorAll('input,textarea'))
            .map((e) => (e as HTMLInputElement).value)
            .join('\n'),
        )
      ).includes(keyValue),
      'form fields',
    );
    const list = await page.evaluate(async () => (await fetch('/admin/api/brands/default/api-keys')).text());
    assert.ok(list.includes('Shop website') && !list.includes(keyValue), 'list response');
    const storage = await page.evaluate(async () => {
      const dump: Record<string, unknown> = {};
      dump.local = Object.entries(localStorage);
      dump.session = Object.entries(sessionStorage);
      dump.cookie = document.cookie;
      dump.idb = (await indexedDB.databases()).map((d) => d.name);
      dump.caches = 'caches' in window ? await caches.keys() : [];
      dump.history = JSON.stringify(history.state);
      dump.url = location.href;
      return JSON.stringify(dump);
    });
    assert.ok(!storage.includes(keyValue), `browser storage: ${storage}`);
    assert.ok(!JSON.stringify(await context.storageState()).includes(keyValue), 'context storage state');
    await page.reload();
    await row('Shop website').waitFor();
    await page.getByRole('heading', { name: 'Audit log', includeHidden: true }).waitFor({ state: 'attached' });
    assert.ok(!(await page.content()).includes(keyValue), 'page after reload');
    const read = await Promise.all(responses);
    assert.ok(read.length > 0, 'responses were seen');
    // A redirect or an empty answer has no body to read; anything else must have been read.
    const unread = read.filter((r) => r.body === null && !(r.status === 204 || r.status === 304 || (r.status >= 300 && r.status < 400)));
    assert.deepEqual(unread, [], 'every response body after closing was read');
    assert.ok(!read.some((r) => r.body?.includes(keyValue)), 'no response after closing carries the key');
    assert.ok(!server.logs().includes(keyValue), 'server logs');
  });

  it('the copied key works against GET /api/me', async () => {
    const res = await me(keyValue);
    const body = await res.text();
    assert.equal(res.status, 200, body);
    assert.deepEqual(JSON.parse(body).api_key.abilities, ['payment:checkout', 'payment:verify', 'payment:refund']);
    await shot('08-api-settings-keys', true);
    const cells = await row('Shop website').getByRole('cell').allInnerTexts();
    assert.match(cells.join(' | '), /Shop website \| .+ \| payment:checkout.*payment:verify.*payment:refund \| Active \| 15\/\d{2}\/\d{4} \| Never \| /is);
  });

  it('edits abilities and clears the expiry; the API answers with the new abilities', async () => {
    await openActions('Shop website', 'Edit');
    const dialog = page.getByRole('dialog', { name: 'Edit “Shop website”' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /key value itself cannot be viewed or changed/);
    await dialog.getByRole('checkbox', { name: 'payment:refund' }).uncheck();
    await byLabel('Name').fill('Shop website v2');
    await dialog.getByRole('button', { name: 'Clear the expiry date' }).click();
    await shot('09-edit-key');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row('Shop website v2').waitFor();
    const cells = await row('Shop website v2').getByRole('cell').allInnerTexts();
    assert.match(cells.join(' | '), /payment:checkout\s*payment:verify \| Active \| Never/i);
    const res = await me(keyValue);
    const body = await res.text();
    assert.equal(res.status, 200, body);
    assert.deepEqual(JSON.parse(body).api_key.abilities, ['payment:checkout', 'payment:verify']);
    assert.equal(JSON.parse(body).api_key.expires_at, null);
  });

  it('deactivates and activates the key from its actions menu', async () => {
    await openActions('Shop website v2', 'Deactivate');
    await row('Shop website v2').getByText('Inactive', { exact: true }).waitFor();
    const off = await me(keyValue);
    assert.equal(off.status, 401);
    assert.equal((await off.json()).code, 'api_key_inactive');
    await openActions('Shop website v2', 'Activate');
    await row('Shop website v2').getByText('Active', { exact: true }).waitFor();
    assert.equal((await me(keyValue)).status, 200);
  });

  it('lists every endpoint with its full URL, method, ability, description, usage and a working copy icon', async () => {
    await page.getByRole('button', { name: 'Show API Endpoints' }).click();
    const dialog = page.getByRole('dialog', { name: 'API Endpoints' });
    await dialog.getByTestId('endpoint').first().waitFor();
    const expected = (await (await page.evaluate(async () => (await fetch('/admin/api/brands/default/api-endpoints')).text())).valueOf()) as string;
    const { endpoints } = JSON.parse(expected) as { endpoints: { method: string; url: string; ability: string | null; description: string; usage: string }[] };
    assert.ok(endpoints.length >= 1);
    const items = dialog.getByTestId('endpoint');
    assert.equal(await items.count(), endpoints.length);
    for (const [i, e] of endpoints.entries()) {
      assert.ok(e.url.startsWith(`${server.origin}/default/`), `URL carries PUBLIC_URL and the brand prefix: ${e.url}`);
      const item = items.nth(i);
      const text = await item.innerText();
      for (const part of [e.method, e.url, e.ability ?? 'any valid key', e.description])
        assert.ok(text.includes(part), `endpoint ${i} shows "${part}": ${text}`);
      assert.ok(text.replace(/\s+/g, ' ').includes(e.usage.replace(/\s+/g, ' ')), `usage of ${e.url}`);
      const copy = item.getByRole('button', { name: /^Copy the URL of/ });
      await copy.click();
      await item.getByRole('button', { name: /^Copied/ }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), e.url);
    }
    // What each plugin takes, from the same catalogue as docs/integrations.md (test/conformance/integrations.test.ts).
    const { integrations } = JSON.parse(expected) as { integrations: { name: string; settings: { label: string; url: string }[] }[] };
    const plugins = dialog.getByTestId('integration');
    assert.equal(await plugins.count(), integrations.length);
    for (const [i, p] of integrations.entries()) {
      const text = await plugins.nth(i).innerText();
      assert.ok(text.includes(p.name.replace(/`/g, '')), `integration ${i} is named: ${text}`);
      for (const s of p.settings) assert.ok(text.includes(s.label) && text.includes(s.url), `${p.name} shows its ${s.label} ${s.url}: ${text}`);
    }
    const woo = integrations.find((p) => p.name === 'WooCommerce plugin')!.settings[0]!.url;
    assert.equal(woo, `${server.origin}/default/api/checkout-v2`, 'WooCommerce keeps the path up to /api: it needs the checkout URL, not the bare brand URL');
    await plugins
      .first()
      .getByRole('button', { name: /^Copy the API URL for WooCommerce/ })
      .click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), woo);
    await shot('10-api-endpoints');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('deletes the key after a confirmation that names it; the API refuses it at once', async () => {
    await openActions('Shop website v2', 'Delete');
    const dialog = page.getByRole('dialog', { name: 'Delete API key' });
    assert.match(await dialog.innerText(), /Delete the API key “Shop website v2”/);
    await shot('11-delete-key');
    await dialog.getByRole('button', { name: 'Delete key' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('keys-empty').waitFor();
    const res = await me(keyValue);
    assert.equal(res.status, 401);
    assert.equal((await res.json()).code, 'invalid_api_key');
  });

  it('shows the audit log of every key change on its own tab, in words, with filters', async () => {
    await page.getByRole('tab', { name: 'Audit log' }).click();
    const log = page.getByTestId('audit-log');
    await log.getByText('Deleted', { exact: true }).waitFor();
    const text = await log.innerText();
    for (const action of ['Created', 'Edited', 'Deactivated', 'Activated', 'Deleted']) assert.match(text, new RegExp(action, 'i'));
    assert.match(text, /Name: Shop website → Shop website v2/);
    assert.match(text, /Abilities: (added|removed) payment:/, 'abilities in words');
    assert.match(text, /Turned off/);
    assert.doesNotMatch(text, /is_active|→ off/, 'no raw field names');
    assert.match(text, new RegExp(EMAIL.replace('.', '\\.')));
    await page.getByRole('heading', { name: 'Audit log' }).scrollIntoViewIfNeeded();
    await shot('12-audit-log', true);
    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: 'Deleted' }).click();
    // The filtered list replaces the whole one when its request answers: wait for that, not for a fixed time.
    await log.getByText('Created', { exact: true }).first().waitFor({ state: 'detached' });
    assert.equal(await log.getByText('Deleted', { exact: true }).count(), 1);
    assert.equal(await log.getByText('Created', { exact: true }).count(), 0, 'only deletions');
    await page.getByRole('tab', { name: 'Keys' }).click();
    await page.reload();
    await page.getByRole('heading', { name: 'API Settings' }).waitFor();
  });

  it('creates a test key, warns that it expires soon, rolls it with a grace period and shows its usage panel', async () => {
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000 + 6 * 3600_000).toISOString().slice(0, 10).split('-').reverse().join('/');
    await page.getByRole('button', { name: 'New api key' }).click();
    const dialog = page.getByRole('dialog', { name: 'New api key' });
    await byLabel('Name').fill('Plugin test');
    await dialog.getByRole('checkbox', { name: 'payment:verify' }).check();
    await dialog.getByRole('radio', { name: 'Test' }).check();
    await byLabel('Expires at').fill(inThreeDays);
    await dialog.getByTestId('allowed-ips').fill('127.0.0.1\n::1');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const created = page.getByRole('dialog', { name: 'Your new API key' });
    await created.waitFor();
    const testKey = await page.getByTestId('new-key-value').inputValue();
    assert.match(testKey, /^duar_test_/);
    await created.getByRole('button', { name: 'Done' }).click();
    await created.getByRole('button', { name: 'I have saved the key, close' }).click();
    assert.equal((await me(testKey)).status, 200);

    const banner = page.getByTestId('expiry-banner');
    await banner.getByText(/Plugin test/).waitFor();
    await shot('16-expiry-banner');
    await banner.getByRole('button', { name: 'Roll key' }).click();
    const roll = page.getByRole('dialog', { name: 'Roll key “Plugin test”' });
    await roll.getByRole('radio', { name: '1 hour' }).check();
    await roll.getByRole('button', { name: 'Roll key' }).click();
    const rolled = page.getByRole('dialog', { name: 'Your new API key' });
    await rolled.waitFor();
    const newKey = await page.getByTestId('new-key-value').inputValue();
    assert.match(newKey, /^duar_test_/);
    assert.notEqual(newKey, testKey);
    await rolled.getByRole('button', { name: 'Done' }).click();
    await rolled.getByRole('button', { name: 'I have saved the key, close' }).click();
    assert.equal((await me(testKey)).status, 200, 'the old key works during the grace period');
    assert.equal((await me(newKey)).status, 200);
    await page.getByText(/Rolled — works until/).waitFor();

    await page.getByRole('button', { name: 'Plugin test' }).first().click();
    const panel = page.getByTestId('key-details');
    await panel.getByTestId('usage-chart').waitFor();
    assert.match(await panel.getByTestId('usage-totals').innerText(), /OK\s+[1-9]/);
    await shot('17-key-usage-panel');
    await page.getByRole('dialog', { name: 'Plugin test' }).getByRole('button', { name: 'Close' }).click();
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });

  it('is usable at phone width', async () => {
    await page.getByRole('button', { name: 'New api key' }).click();
    await byLabel('Name').fill('Phone app');
    await page.getByRole('checkbox', { name: 'payment:verify' }).check();
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'I have saved the key, close' }).click();
    await row('Phone app').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload(); // as a phone opens it: first render at phone width, no leftover notifications
    await page.getByRole('button', { name: 'Open menu' }).waitFor();
    const card = page.getByTestId('keys-cards').getByRole('listitem').filter({ hasText: 'Phone app' });
    assert.match(await card.innerText(), /Active/i);
    assert.ok(await card.getByRole('button', { name: 'Actions for Phone app' }).isVisible(), 'actions stay in view');
    // Wait for the layout to settle after the resize (the menu slides away), then measure.
    await page
      .waitForFunction(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth, undefined, { timeout: 5000 })
      .catch(() => undefined);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page itself does not scroll sideways (overflow ${overflow}px); wide tables scroll inside their box`);
    await shot('13-api-settings-phone', true);
    await page.getByRole('button', { name: 'Open menu' }).click();
    await page.getByRole('link', { name: 'API Settings' }).waitFor();
    await shot('14-menu-phone');
    await page.getByRole('button', { name: 'Close menu' }).click();
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('works with the keyboard: skip link, focus inside dialogs, Escape, and the actions menu', async () => {
    const focused = () =>
      page.evaluate(() => ({
        tag: document.activeElement?.tagName,
        role: document.activeElement?.getAttribute('role'),
        text: (document.activeElement as HTMLElement | null)?.innerText?.trim(),
        label: document.activeElement?.getAttribute('aria-label'),
        id: document.activeElement?.id,
      }));
    await page.reload();
    await row('Phone app').waitFor();
    assert.match(await page.title(), /^API Settings · Default brand · Duar$/);
    await page.keyboard.press('Tab');
    assert.equal((await focused()).text, 'Skip to content');
    await page.keyboard.press('Enter');
    assert.equal((await focused()).id, 'main');

    const newKey = page.getByRole('button', { name: 'New api key' });
    await newKey.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New api key' });
    await dialog.waitFor();
    assert.equal((await focused()).id, await byLabel('Name').getAttribute('id'), 'focus starts in the Name field');
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      assert.equal(await dialog.evaluate((d) => d.contains(document.activeElement)), true, 'Tab stays inside the dialog');
    }
    await byLabel('Expires at').focus();
    await page
      .getByRole('button', { name: /^\d+ \w+ \d{4}$/ })
      .first()
      .waitFor();
    await page.keyboard.press('Escape');
    await page
      .getByRole('button', { name: /^\d+ \w+ \d{4}$/ })
      .first()
      .waitFor({ state: 'hidden' });
    assert.equal(await dialog.isVisible(), true, 'Escape in the date field closes the calendar, not the dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await focused()).text, 'New api key', 'focus returns to the button that opened the dialog');

    await page.getByRole('button', { name: 'Actions for Phone app' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Edit' }).waitFor();
    let item = await focused();
    for (let i = 0; i < 3 && item.text !== 'Edit'; i++) {
      await page.keyboard.press('ArrowDown');
      item = await focused();
    }
    assert.deepEqual([item.role, item.text], ['menuitem', 'Edit'], 'arrow keys move through the menu');
    await page.keyboard.press('Enter');
    const edit = page.getByRole('dialog', { name: 'Edit “Phone app”' });
    await edit.waitFor();
    await page.keyboard.press('Escape');
    await edit.waitFor({ state: 'detached' });
  });

  it('asks the merchant to sign in again over the page when the session has ended', async () => {
    await server.db.deleteFrom('sessions').execute();
    await page.getByRole('button', { name: 'Show API Endpoints' }).click();
    const again = page.getByRole('dialog', { name: 'Sign in again' });
    await again.getByText('Your session has ended').waitFor();
    await again.getByLabel(/^Password/).fill(PASSWORD);
    await shot('15-session-ended');
    await again.getByRole('button', { name: 'Sign in' }).click();
    await again.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'API Settings' }).waitFor();
    assert.match(page.url(), /\/admin\/brands\/default\/settings\/api$/, 'returns to where the merchant was');
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });
});
