/**
 * The merchant's day at its edges, in Chromium against a real Duar on SQLite: a session that ends while a form is open
 * (the form keeps what was typed), double clicks that save once, an approvals queue longer than one page, the audit
 * log filtered by the server (with test events in it), sender IDs, and every page and dialog at phone width and at
 * 200 % zoom without sideways scrolling. Steps share one page and run in order; screenshots go to docs/screenshots/.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createAdmin } from '../../src/modules/admins/service.js';
import { newId, randomBase62 } from '../../src/lib/ids.js';
import { seedKey } from '../harness.js';
import { createInvoice, enableWallet, paySandbox, payWallet } from '../payments/helpers.js';
import { bkashSms, forward, forwarderBody, seedDevice } from '../sms/support.js';
import { browserSteps, byLabel, expectAccessible, screenshot, type TestServer } from './server.js';

const EMAIL = 'merchant-day@example.com';
const PASSWORD = 'correct horse battery staple';
const WAITING = 120;

describe('dashboard: a merchant day at its edges in Chromium', () => {
  let server: TestServer;
  let page: Page;
  let consoleErrors: string[] = [];
  const posts: string[] = [];
  const shot = (name: string, full = false) => screenshot({ page, consoleErrors }, name, full);
  const field = (label: string) => byLabel(page, label);
  const adminGet = <T>(path: string) => page.evaluate(async (p) => (await fetch(`/admin/api${p}`)).json(), path) as Promise<T>;
  let paymentId = '';

  const it = browserSteps(
    'merchant-day',
    async (session) => {
      ({ server, page, consoleErrors } = session);
      page.on('request', (r) => {
        if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
      });
      await createAdmin(server.db, { email: EMAIL, password: PASSWORD });
      const { key } = await seedKey(server);
      await enableWallet(server);
      const first = await createInvoice(server, key);
      assert.equal((await payWallet(server, first, 'TRXDAY00001')).statusCode, 303);
      const template = await server.db.selectFrom('payments').selectAll().where('invoice_id', '=', first).executeTakeFirstOrThrow();
      paymentId = template.id;
      const rows = Array.from({ length: WAITING - 1 }, (_, i) => ({
        ...template,
        id: newId('pay'),
        invoice_id: randomBase62(20),
        transaction_id: `TRXDAY${String(i + 2).padStart(5, '0')}`,
        created_at: template.created_at - (i + 1) * 60_000,
      }));
      await server.db.insertInto('payments').values(rows).execute();
      // For the dialogs at phone width and 200 %: a device to revoke, a wallet balance to set, and an IPN delivery
      // (a test payment paid with Sandbox, its IPN sent to this server) to open.
      // …and a forwarded wallet SMS, so SMS data has a row to show as a card on a phone.
      const device = await seedDevice(server);
      const sms = await forward(server, device.key, forwarderBody('bKash', bkashSms({ amount: 10_000, balance: 10_000, trx: 'DAY0000001' })));
      assert.equal(sms.statusCode, 200, sms.body);
      await server.db
        .insertInto('sms_wallets')
        .values({ brand_id: server.brand.id, provider: 'bkash', wallet: '01711111111', balance: 50_000, updated_at: Date.now() })
        .execute();
      const testKey = (await seedKey(server, { mode: 'test', name: 'Test key' })).key;
      const ipn = await createInvoice(server, testKey, { webhook_url: `${server.origin}/health` });
      await paySandbox(server, ipn);
    },
    // Test events go to this server itself (a private address, allowed here as on a developer's machine).
    { DUAR_WEBHOOK_ALLOW_PRIVATE: 'true' },
  );

  it('signs in on API Settings', async () => {
    await page.goto('/admin/brands/default/settings/api');
    await field('Email').fill(EMAIL);
    await field('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'API Settings', level: 1 }).waitFor();
  });

  it('keeps a half-filled key form through an ended session: sign in again over it, then save', async () => {
    await page.getByRole('button', { name: 'New api key' }).click();
    const form = page.getByRole('dialog', { name: 'New api key' });
    await field('Name').fill('Kept through sign-in');
    await form.getByRole('checkbox', { name: 'payment:verify' }).check();
    await form.getByTestId('allowed-ips').fill('203.0.113.7');
    await server.db.deleteFrom('sessions').execute();
    await form.getByRole('button', { name: 'Create' }).click();

    const again = page.getByRole('dialog', { name: 'Sign in again' });
    await again.waitFor();
    assert.equal(await again.getByLabel(/^Email/).inputValue(), EMAIL, 'the email is filled in');
    assert.equal(await again.getByLabel(/^Password/).inputValue(), '', 'the password is not kept');
    await again.getByLabel(/^Password/).fill('not the password');
    await again.getByRole('button', { name: 'Sign in' }).click();
    await again.getByRole('alert').waitFor();
    await again.getByLabel(/^Password/).fill(PASSWORD);
    await shot('45-sign-in-again');
    // Under the dialog, the failed save said "not signed in" above the form.
    await form.getByRole('alert').waitFor();
    await again.getByRole('button', { name: 'Sign in' }).click();
    await again.waitFor({ state: 'detached' });
    // Signed in again, that message goes: it no longer says anything true.
    await form.getByRole('alert').waitFor({ state: 'detached' });

    assert.equal(await field('Name').inputValue(), 'Kept through sign-in', 'the name survived');
    assert.equal(await form.getByRole('checkbox', { name: 'payment:verify' }).isChecked(), true, 'the ability survived');
    assert.equal(await form.getByTestId('allowed-ips').inputValue(), '203.0.113.7');
    const stored = await page.evaluate(() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)]));
    assert.ok(!stored.includes(PASSWORD) && !stored.includes('Kept through'), `nothing kept in browser storage: ${stored}`);
    await form.getByRole('button', { name: 'Create' }).click();
    const created = page.getByRole('dialog', { name: 'Your new API key' });
    await created.waitFor();
    await created.getByRole('button', { name: 'Done' }).click();
    await created.getByRole('button', { name: 'I have saved the key, close' }).click();
    const keys = await adminGet<{ api_keys: { name: string; allowed_ips: string[] }[] }>('/brands/default/api-keys');
    assert.deepEqual(
      keys.api_keys.filter((k) => k.name === 'Kept through sign-in').map((k) => k.allowed_ips),
      [['203.0.113.7']],
    );
  });

  it('saves once when Create is clicked twice at once, for a key and for a brand', async () => {
    await page.getByRole('button', { name: 'New api key' }).click();
    const form = page.getByRole('dialog', { name: 'New api key' });
    await field('Name').fill('Clicked twice');
    await form.getByRole('checkbox', { name: 'payment:verify' }).check();
    posts.length = 0;
    // Two clicks in one task, before React can draw the busy button: only the guard stops the second.
    await form.getByRole('button', { name: 'Create' }).evaluate((b: HTMLElement) => {
      b.click();
      b.click();
    });
    const created = page.getByRole('dialog', { name: 'Your new API key' });
    await created.waitFor();
    await created.getByRole('button', { name: 'Done' }).click();
    await created.getByRole('button', { name: 'I have saved the key, close' }).click();
    assert.deepEqual(
      posts.filter((p) => p.endsWith('/api-keys')),
      ['/admin/api/brands/default/api-keys'],
      'one request',
    );
    const keys = await adminGet<{ api_keys: { name: string }[] }>('/brands/default/api-keys');
    assert.equal(keys.api_keys.filter((k) => k.name === 'Clicked twice').length, 1, 'one key');

    await page.getByRole('button', { name: 'New brand' }).first().click();
    const brand = page.getByRole('dialog', { name: 'New brand' });
    await brand.getByLabel(/^Name/).fill('Twice Shop');
    posts.length = 0;
    await brand.getByRole('button', { name: 'Create' }).evaluate((b: HTMLElement) => {
      b.click();
      b.click();
    });
    await page.getByRole('heading', { name: 'API Settings', level: 1 }).waitFor();
    await brand.waitFor({ state: 'detached' });
    assert.deepEqual(
      posts.filter((p) => p === '/admin/api/brands'),
      ['/admin/api/brands'],
      'one request',
    );
    const brands = await adminGet<{ brands: { name: string }[] }>('/brands');
    assert.equal(brands.brands.filter((b) => b.name === 'Twice Shop').length, 1, 'one brand');
  });

  it(`shows all ${WAITING} waiting payments: the true count, then more than the first 100 on request`, async () => {
    await page.goto('/admin/brands/default/payments');
    const queue = page.getByTestId('approval-queue');
    await queue.waitFor();
    assert.equal(await queue.getByTestId('approval-count').innerText(), String(WAITING));
    assert.match(await page.getByRole('link', { name: /^Payments/ }).innerText(), new RegExp(String(WAITING)), 'the menu counts them all');
    const cards = queue.getByRole('listitem');
    assert.equal(await cards.count(), 100);
    assert.match(await cards.first().innerText(), /TRXDAY00120/, 'the longest-waiting first');
    await queue.getByText(`Showing 100 of ${WAITING}`).waitFor();
    await queue.getByRole('button', { name: 'Show more waiting payments' }).click();
    await queue.getByRole('button', { name: 'Show more waiting payments' }).waitFor({ state: 'detached' });
    assert.equal(await cards.count(), WAITING);
    assert.match(await cards.last().innerText(), /TRXDAY00001/, 'the newest last');
    await queue.getByRole('button', { name: 'Approve TRXDAY00001' }).scrollIntoViewIfNeeded();
    await shot('46-approvals-more');
  });

  it('audits a test event and finds it on the Audit log page with server-side filters', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click();
    const form = page.getByRole('region', { name: 'Send test event' });
    await form.getByLabel('Address').fill(`${server.origin}/not-a-webhook-receiver`);
    await form.getByRole('button', { name: 'Send test event' }).click();
    await form.getByText(/404/).first().waitFor();

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    const log = page.getByTestId('audit-log');
    await log.getByText('Test event sent').waitFor();
    assert.match(await log.innerText(), new RegExp(`Sent to: ${new URL(server.origin).host}; Answer: refused by the receiver; Answer code: 404`));
    assert.ok(!(await log.innerText()).includes('not-a-webhook-receiver'), 'the host only, not the path');
    await page.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'API keys' }).click();
    // The filter is applied by the server: wait for the test event to leave the list (it fails here if it never does).
    await log.getByText('Test event sent').waitFor({ state: 'detached' });
    await log.getByText('Created', { exact: true }).first().waitFor();
    assert.equal(await log.getByText('Test event sent').count(), 0, 'only key changes');
    await page.getByLabel('By').fill('nobody@example.com');
    await page.getByText('No change matches these filters.').waitFor();
    await page.getByLabel('By').fill(EMAIL);
    await log.getByText('Created', { exact: true }).first().waitFor();
    await shot('47-audit-page', true);
    await page.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'API keys' }).click(); // clears the kind (a selected option toggles off)
  });

  it("edits the brand's sender IDs per wallet, with every error beside its field, and audits the change", async () => {
    await page.getByRole('link', { name: 'SMS data' }).click();
    await page.getByRole('button', { name: 'Edit sender IDs' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit sender IDs' });
    await dialog.getByLabel('bKash', { exact: true }).fill('bKash, bKash-Biz');
    await dialog.getByLabel('Nagad', { exact: true }).fill('N'.repeat(41));
    await dialog.getByLabel('Rocket', { exact: true }).fill(Array.from({ length: 11 }, (_, i) => `R${i}`).join(', '));
    await dialog.getByRole('button', { name: 'Save sender IDs' }).click();
    await dialog.getByText('Nagad sender ID 1 must have at most 40 characters').waitFor();
    await dialog.getByText('Rocket may have at most 10 sender IDs').waitFor();
    assert.equal(await dialog.getByLabel('Nagad', { exact: true }).getAttribute('aria-invalid'), 'true');
    await shot('48-sender-ids-errors');
    await dialog.getByLabel('Nagad', { exact: true }).fill('NAGAD');
    await dialog.getByLabel('Rocket', { exact: true }).fill('16216');
    await dialog.getByRole('button', { name: 'Save sender IDs' }).click();
    await dialog.waitFor({ state: 'detached' });
    const list = page.getByTestId('sender-ids');
    await list.getByText('bKash, bKash-Biz').waitFor();
    await page.getByRole('heading', { name: 'Sender IDs' }).scrollIntoViewIfNeeded();
    await shot('49-sender-ids');
    const audit = await adminGet<{ entries: { changes: Record<string, unknown> }[] }>('/brands/default/audit-log?action=sms_senders.updated');
    assert.deepEqual(
      audit.entries.map((e) => Object.keys(e.changes).sort()),
      [['bkash', 'nagad', 'okwallet', 'pathaopay', 'mcash', 'rocket', 'tap', 'upay', 'cellfin'].sort()],
    );
    assert.deepEqual((audit.entries[0]!.changes.bkash as { to: string[] }).to, ['bKash', 'bKash-Biz']);
  });

  for (const viewport of [
    { width: 390, height: 844, name: 'a phone' },
    { width: 640, height: 400, name: 'a 1280×800 laptop at 200 %' },
  ]) {
    it(`reads without sideways scrolling at ${viewport.width}×${viewport.height} (${viewport.name}), every page and dialog`, async () => {
      await page.setViewportSize(viewport);
      const at = `${viewport.width}×${viewport.height}`;
      const visit = async (path: string, heading: string | RegExp) => {
        await page.goto(`/admin/brands/default/${path}`, { waitUntil: 'networkidle' });
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        await expectAccessible(page, `${path} at ${at}`);
      };
      const dialog = async (opener: () => Promise<void>, name: string) => {
        await opener();
        const d = page.getByRole('dialog', { name });
        await d.waitFor();
        await page.waitForLoadState('networkidle');
        await expectAccessible(page, `${name} dialog at ${at}`);
        await page.keyboard.press('Escape');
        await d.waitFor({ state: 'detached' });
      };
      // Phone-sized pages show rows as cards, as Payments does: no table whose columns hide off-screen (issue 17).
      const noHiddenColumns = async (what: string) => {
        const hidden = await page.evaluate(() =>
          [...document.querySelectorAll('main table, main [class*="Table-scrollContainer"]')].map(
            (e) => `${e.tagName}.${e.className} ${e.scrollWidth}>${e.clientWidth}`,
          ),
        );
        assert.deepEqual(hidden, [], `${what} at ${at}: rows are cards, not a table`);
      };
      await visit('payments', 'Payments');
      // The unfocused skip link paints nothing on the page (its shadow once left a grey smudge top left).
      const skip = await page.locator('.skip-link').evaluate((e) => ({ bottom: e.getBoundingClientRect().bottom, shadow: getComputedStyle(e).boxShadow }));
      assert.ok(skip.bottom <= 0 && skip.shadow === 'none', `the hidden skip link stays off the page: ${JSON.stringify(skip)}`);
      // The header names the brand and says what its button does.
      // One brand: its name; several (this walk made a second): the brand switcher, showing this one.
      const header = page.locator('header');
      const named = (await header.getByTestId('header-brand').count())
        ? await header.getByTestId('header-brand').innerText()
        : await header.getByLabel('Brand', { exact: true }).inputValue();
      assert.equal(named, server.brand.name, `the header shows the brand at ${at}`);
      assert.equal((await page.getByRole('button', { name: 'New brand' }).innerText()).trim(), 'New brand', `a labelled "New brand" at ${at}`);
      if (viewport.width === 390) await shot('55-header-phone');
      await dialog(() => page.getByRole('button', { name: 'Approve TRXDAY00120' }).click(), 'Approve payment');
      await visit(`payments/${paymentId}`, /৳/);
      await visit('sms', 'SMS data');
      await page.getByTestId('sms-cards').waitFor();
      await page.getByTestId('wallets-cards').waitFor();
      await noHiddenColumns('SMS data');
      if (viewport.width === 390) await shot('56-sms-data-phone', true);
      await dialog(() => page.getByRole('button', { name: 'Paste an SMS' }).click(), 'Paste an SMS');
      await dialog(() => page.getByRole('button', { name: 'Edit sender IDs' }).click(), 'Edit sender IDs');
      await dialog(() => page.getByRole('button', { name: 'Set balance of bKash 01711111111' }).click(), 'Set the bKash balance');
      await visit('settings/general', 'General');
      await visit('settings/api', 'API Settings');
      await dialog(() => page.getByRole('button', { name: 'New api key' }).click(), 'New api key');
      await dialog(() => page.getByRole('button', { name: 'Show API Endpoints' }).click(), 'API Endpoints');
      await visit('settings/payment-methods', 'Payment methods');
      // The same rule docs/integrations.md states: a forwarded SMS completes a wallet payment, the rest wait for approval.
      const intro = (await page.getByRole('main').innerText()).replace(/\s+/g, ' ');
      assert.match(intro, /complete by themselves when a phone connected under Devices forwards the matching wallet SMS/, intro);
      assert.doesNotMatch(intro, /arrive as Pending until you approve/, intro);
      await visit('settings/webhooks', 'Webhooks');
      // A delivery opened: its attempts with the request and the answer.
      const delivery = page.getByTestId('deliveries').getByRole('button').first();
      await delivery.click();
      await page.getByTestId('deliveries').getByRole('region').first().waitFor();
      await expectAccessible(page, `a webhook delivery's attempts at ${at}`);
      // (The delivery's attempts, once it has some, are cards too: no table is left open here.)
      await noHiddenColumns("a webhook delivery's attempts");
      if (viewport.width === 390) await shot('57-webhook-attempts-phone', true);
      await delivery.click();
      await visit('settings/devices', 'Devices');
      await page.getByTestId('devices-cards').waitFor();
      await noHiddenColumns('Devices');
      if (viewport.width === 390) await shot('58-devices-phone');
      await dialog(() => page.getByRole('button', { name: 'Connect device' }).click(), 'Connect a device');
      await dialog(() => page.getByRole('button', { name: 'Revoke Shop phone' }).click(), 'Revoke device');
      await visit('settings/audit', 'Audit log');
      await dialog(() => page.getByRole('button', { name: 'New brand' }).click(), 'New brand');
      // The sign-in dialog over a page whose session ended.
      await visit('settings/api', 'API Settings');
      await server.db.deleteFrom('sessions').execute();
      await page.getByRole('button', { name: 'Show API Endpoints' }).click();
      await page.getByRole('dialog', { name: 'Sign in again' }).waitFor();
      await expectAccessible(page, `Sign in again dialog at ${at}`);
      await page
        .getByRole('dialog', { name: 'Sign in again' })
        .getByLabel(/^Password/)
        .fill(PASSWORD);
      // The endpoint list failed to load while signed out ("Try again"); signing in again loads it.
      const endpoints = page.getByRole('dialog', { name: 'API Endpoints' });
      await endpoints.getByRole('button', { name: 'Try again' }).waitFor();
      await page.getByRole('dialog', { name: 'Sign in again' }).getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('dialog', { name: 'Sign in again' }).waitFor({ state: 'detached' });
      await endpoints.getByRole('heading', { name: 'Plugins and SDKs' }).waitFor();
      assert.equal(await endpoints.getByRole('button', { name: 'Try again' }).count(), 0, 'no "Try again" left');
      await page.keyboard.press('Escape');
      await endpoints.waitFor({ state: 'detached' });
    });
  }
});
