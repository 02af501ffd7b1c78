/**
 * Alerts and the Overview in a real browser against a real Duar on SQLite (issue 19, PRODUCT §7): sign in to the
 * Overview with its charts on a laptop and a phone, add a Telegram channel under Brand Settings → Alerts (bad input named
 * beside each field), send a test alert to a local Telegram Bot API stand-in, and see a delivered alert in the list.
 * Every screenshot passes axe first (no critical/serious finding).
 */
import { before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createAdmin } from '../../src/modules/admins/service.js';
import { raiseAlert } from '../../src/modules/alerts/service.js';
import { addDays, startOfDay, today } from '../../src/lib/dates.js';
import { HOUR, seedCredit, seedPayment, seedRefund } from '../admin/overview-support.js';
import { alertWorker, BOT_TOKEN, CHAT_ID, MINUTE, startTelegram } from '../alerts/support.js';
import { browserSkip, browserSteps, byLabel, screenshot, type TestServer } from './server.js';

const EMAIL = 'alerts@example.com';
const PASSWORD = 'correct horse battery staple';

describe('dashboard: Overview and Alerts in Chromium', () => {
  let server: TestServer;
  let page: Page;
  let consoleErrors: string[] = [];
  let telegram: Awaited<ReturnType<typeof startTelegram>> | undefined;
  const env: Record<string, string> = {};
  const field = (label: string) => byLabel(page, label);
  const shot = (name: string, full = false) => screenshot({ page, consoleErrors }, name, full);

  // The stand-in must be listening before the server starts, so the server is configured with its address.
  before(async () => {
    if (browserSkip) return;
    telegram = await startTelegram();
    env.TELEGRAM_API_URL = telegram.base;
  });
  after(async () => {
    await telegram?.close();
  });

  const it = browserSteps(
    'alerts',
    async (session) => {
      ({ server, page, consoleErrors } = session);
      await createAdmin(server.db, { email: EMAIL, password: PASSWORD });
      // A month of a shop: today's sales by bKash and Nagad, one partly refunded, one waiting for approval, earlier days.
      const tz = server.brand.timezone;
      const now = Date.now();
      const date = today(tz, now);
      const midnight = startOfDay(date, tz);
      const earlier = (i: number) => Math.min(now - 60_000, midnight + ((now - midnight) * i) / 6);
      await seedPayment(server, { status: 'completed', created_at: earlier(1), charged_amount: 250_000 });
      await seedPayment(server, { status: 'completed', created_at: earlier(2), charged_amount: 120_050, payment_method: 'nagad' });
      const partly = await seedPayment(server, { status: 'partially_refunded', created_at: earlier(3), charged_amount: 80_000, refunded_amount: 20_000 });
      await seedRefund(server, partly, 20_000, earlier(4));
      await seedPayment(server, { status: 'pending', created_at: earlier(5), completed_at: null });
      // Money without an order: a credit unused 30 minutes after it came (only once today is that old).
      if (now - midnight > 31 * MINUTE) await seedCredit(server, 50_000, midnight + (now - 31 * MINUTE - midnight) / 2, 'approved');
      for (let d = 1; d < 30; d++) {
        const start = startOfDay(addDays(date, -d), tz);
        for (let n = 0; n < (d * 7) % 5; n++)
          await seedPayment(server, {
            status: 'completed',
            created_at: start + (n + 9) * HOUR,
            charged_amount: 50_000 + ((d * 37_000 + n * 11_000) % 200_000),
            payment_method: n % 3 === 0 ? 'rocket' : 'bkash',
          });
      }
    },
    env,
  );

  it('signs in to the Overview: collected today net of refunds, share completed, approvals, unmatched money and charts', async () => {
    await page.goto('/admin/');
    await page.getByRole('heading', { name: 'Sign in to Duar' }).waitFor();
    await field('Email').fill(EMAIL);
    await field('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    assert.match(page.url(), /\/admin\/brands\/default\/overview$/, 'the brand opens on its Overview');
    await page.getByTestId('overview-collected').getByText('৳4,300.50').waitFor();
    assert.match(await page.getByTestId('overview-payments').innerText(), /3 of 4\s+75% of payments started were completed/);
    assert.match(await page.getByTestId('overview-pending').innerText(), /1\s+Approve or reject/);
    const midnight = startOfDay(today(server.brand.timezone), server.brand.timezone);
    if (Date.now() - midnight > 32 * MINUTE) assert.match(await page.getByTestId('overview-unmatched').innerText(), /৳500\.00\s+1 credit paid nothing/);
    assert.match(await page.getByTestId('overview-method-chart').innerText(), /bKash · 2 payments\s+৳3,300\.00/);
    await page.getByRole('img', { name: 'Collected by day, today' }).waitFor();
    await shot('110-overview');
  });

  it('shows 30 days as bars by day and method, on a laptop and on a phone', async () => {
    await page.getByText('30 days', { exact: true }).click();
    await page.getByRole('img', { name: 'Collected by day, the last 30 days' }).waitFor();
    assert.equal(await page.getByTestId('overview-day-chart').locator('tbody tr').count(), 30, 'a figure for each day');
    assert.ok((await page.getByTestId('overview-day-chart').locator('.recharts-bar-rectangle').count()) > 0, 'bars drawn');
    await page.getByTestId('overview-method-chart').getByText('Rocket').waitFor();
    await shot('111-overview-30-days');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('img', { name: 'Collected by day, the last 30 days' }).waitFor();
    await shot('112-overview-phone', true);
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('adds a Telegram channel under Brand Settings → Alerts: bad input is named beside each field, the token is shown masked', async () => {
    await page.getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    await page.getByTestId('channels-empty').waitFor();
    await page.getByRole('button', { name: 'Add channel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an alert channel' });
    await dialog.getByText('Setting up Telegram').waitFor();
    await dialog.getByLabel('Bot token').fill('not-a-token');
    await dialog.getByRole('button', { name: 'Save channel' }).click();
    await dialog.getByText(/^bot_token looks like 123456789:AAE|Bot token looks like/).waitFor();
    await dialog.getByText(/Chat ID is required|chat_id is required/).waitFor();
    assert.equal(await dialog.getByLabel('Bot token').getAttribute('aria-invalid'), 'true');
    await dialog.getByLabel('Bot token').fill(BOT_TOKEN);
    await dialog.getByLabel('Chat ID').fill(CHAT_ID);
    await dialog.getByText('বাংলা').click();
    await shot('113-alert-channel-form');
    await dialog.getByRole('button', { name: 'Save channel' }).click();
    await dialog.waitFor({ state: 'detached' });
    const channel = page.getByTestId('channel');
    await channel.getByText(`chat ${CHAT_ID} · bot …${BOT_TOKEN.slice(-4)}`).waitFor();
    assert.ok(!(await page.content()).includes(BOT_TOKEN), 'the page never holds the token once saved');
  });

  it('sends a test alert that reaches the Telegram chat', async () => {
    await page.getByRole('button', { name: /^Send test alert to Telegram/ }).click();
    await page.getByText(/^Test alert sent to Telegram/).waitFor();
    assert.equal(telegram!.messages.length, 1);
    assert.equal(telegram!.messages[0]!.chat_id, CHAT_ID);
    assert.match(telegram!.messages[0]!.text, /^Duar থেকে পরীক্ষামূলক বার্তা/);
    await shot('114-alerts-test-sent');
  });

  it('lists an alert the worker delivered, with its outcome', async () => {
    const { worker, clock } = alertWorker(server);
    const [payment] = await server.db.selectFrom('payments').selectAll().where('status', '=', 'completed').limit(1).execute();
    await raiseAlert(server.db, {
      brandId: server.brand.id,
      event: 'payment.completed',
      dedupeKey: payment!.id,
      facts: {
        payment_id: payment!.id,
        invoice_id: payment!.invoice_id,
        amount: payment!.charged_amount,
        currency: 'BDT',
        method: payment!.payment_method,
        customer: payment!.full_name,
        at: Date.now(),
      },
    });
    // Past the burst window of an alert raised after the worker's clock was read.
    clock.now += 2 * MINUTE;
    assert.equal(await worker.runOnce(), 1);
    assert.equal(telegram!.messages.length, 2);
    await page.reload();
    const row = page.getByTestId('recent-alerts').getByRole('row').nth(1);
    await row.getByText('Payment completed').waitFor();
    await row.getByText('Sent').waitFor();
    assert.match(await row.innerText(), new RegExp(payment!.invoice_id));
    await shot('115-recent-alerts', true);
  });

  it('removes the channel after a confirmation', async () => {
    await page.getByRole('button', { name: /^Remove Telegram/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove this channel?' });
    await confirm.getByRole('button', { name: 'Remove channel' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByTestId('channels-empty').waitFor();
  });
});
