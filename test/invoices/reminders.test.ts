import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { plainBody, startSmtp } from '../smtp.js';
import { buildTestApp, show, signedInAdmin, type TestApp } from '../harness.js';
import { createInvoiceEmails } from '../../src/jobs/invoice-emails.js';
import { addDays, startOfDay, today, toDayMonthYear } from '../../src/lib/dates.js';
import { dueReminder } from '../../src/modules/invoices/reminder-schedule.js';
import { DAY, seedInvoice } from './support.js';

test('dueReminder: 3 days before, the day after and 7 days after; a missed day is caught up within its window', () => {
  const due = '2026-12-10';
  const sent = '2026-11-01';
  assert.equal(dueReminder(due, '2026-12-06', sent), null, '4 days before: nothing yet');
  assert.equal(dueReminder(due, '2026-12-07', sent)?.id, 'due_soon');
  assert.equal(dueReminder(due, '2026-12-09', sent)?.id, 'due_soon', 'missed on its day: still before the due date');
  assert.equal(dueReminder(due, '2026-12-10', sent), null, 'the due date itself: none');
  assert.equal(dueReminder(due, '2026-12-11', sent)?.id, 'overdue');
  assert.equal(dueReminder(due, '2026-12-16', sent)?.id, 'overdue');
  assert.equal(dueReminder(due, '2026-12-17', sent)?.id, 'overdue_week');
  assert.equal(dueReminder(due, '2026-12-23', sent)?.id, 'overdue_week');
  assert.equal(dueReminder(due, '2026-12-24', sent), null, 'two weeks late: no more mail');
});

test('dueReminder: none whose day is not after the day the invoice was sent', () => {
  assert.equal(dueReminder('2026-12-10', '2026-12-08', '2026-12-07'), null, 'sent on the 3-days-before day: its own email said the due date');
  assert.equal(dueReminder('2026-12-10', '2026-12-08', '2026-12-06')?.id, 'due_soon');
  assert.equal(dueReminder('2026-12-10', '2026-12-12', '2026-12-11'), null, 'sent late, the day after: no overdue reminder that day');
  assert.equal(dueReminder('2026-12-10', '2026-12-17', '2026-12-11')?.id, 'overdue_week');
});

const quiet = { info() {}, warn() {} };
const audited = async (t: TestApp, action: 'invoice.reminder_sent' | 'invoice.receipt_sent') =>
  (await t.db.selectFrom('audit_log').select(['target_id', 'changes', 'actor']).where('action', '=', action).orderBy('created_at').execute()).map((r) => ({
    target: r.target_id,
    ...(JSON.parse(r.changes) as { kind: string; to: string }),
    actor: r.actor,
  }));

for (const dialect of dialects) {
  test(`${dialect}: each reminder reaches the customer once, for open invoices only, and every email is audited`, async () => {
    const smtp = await startSmtp();
    const t = await buildTestApp(dialect, { SMTP_URL: smtp.url });
    // Noon in the brand's zone, so calendar days are unambiguous.
    const day0 = today('Asia/Dhaka');
    const noon = startOfDay(day0, 'Asia/Dhaka') + 12 * 3600_000;
    const emails = createInvoiceEmails({ db: t.db, config: t.config, log: quiet });
    try {
      const due = addDays(day0, 3);
      const open = await seedInvoice(t, t.brand, { status: 'open', due_on: due });
      await seedInvoice(t, t.brand, { status: 'draft', due_on: due });
      await seedInvoice(t, t.brand, { status: 'void', due_on: due });
      await seedInvoice(t, t.brand, { status: 'open', due_on: due, email: null });
      await seedInvoice(t, t.brand, { status: 'open', due_on: null });
      await seedInvoice(t, t.brand, { status: 'open', due_on: addDays(day0, 10) });

      assert.equal(await emails.runOnce(noon), 1, 'three days before the due date: one reminder');
      assert.deepEqual(smtp.mails[0]!.to, ['rahim@example.com']);
      const first = plainBody(smtp.mails[0]!);
      assert.match(first, new RegExp(`Subject: Invoice ${open.number} from Default brand is due on ${toDayMonthYear(due).replace(/\//g, '\\/')}`));
      assert.match(first, /http:\/\/duar\.test\/invoice\/[0-9a-f]{24}/);
      assert.equal(await emails.runOnce(noon + 3600_000), 0, 'an hour later: nothing new');
      assert.equal(await emails.runOnce(noon + 2 * DAY), 0, 'the day before: already reminded');
      assert.equal(await emails.runOnce(noon + 3 * DAY), 0, 'the due date: nothing');
      assert.equal(await emails.runOnce(noon + 4 * DAY), 1, 'the day after: overdue');
      assert.match(plainBody(smtp.mails[1]!), new RegExp(`Subject: Invoice ${open.number} from Default brand is overdue`));
      assert.equal(await emails.runOnce(noon + 5 * DAY), 0);
      assert.equal(await emails.runOnce(noon + 10 * DAY), 1, '7 days after');
      assert.equal(await emails.runOnce(noon + 10 * DAY + 60_000), 0);
      assert.equal(await emails.runOnce(noon + 30 * DAY), 0, 'nothing after the last reminder');
      assert.equal(smtp.mails.length, 3);
      assert.ok(
        smtp.mails.every((m) => m.to.join() === 'rahim@example.com'),
        'only the open invoice with an email was reminded',
      );

      const log = await audited(t, 'invoice.reminder_sent');
      assert.deepEqual(
        log.map((e) => [e.target, e.kind, e.to, e.actor]),
        [
          [open.id, 'due_soon', 'rahim@example.com', 'duar (invoice emails)'],
          [open.id, 'overdue', 'rahim@example.com', 'duar (invoice emails)'],
          [open.id, 'overdue_week', 'rahim@example.com', 'duar (invoice emails)'],
        ],
      );
    } finally {
      await emails.stop();
      await t.close();
      await smtp.close();
    }
  });

  test(`${dialect}: a new due date arms the reminders again; paying stops them`, async () => {
    const smtp = await startSmtp();
    const t = await buildTestApp(dialect, { SMTP_URL: smtp.url });
    const day0 = today('Asia/Dhaka');
    const noon = startOfDay(day0, 'Asia/Dhaka') + 12 * 3600_000;
    const emails = createInvoiceEmails({ db: t.db, config: t.config, log: quiet });
    try {
      const invoice = await seedInvoice(t, t.brand, { status: 'open', due_on: addDays(day0, -1) });
      assert.equal(await emails.runOnce(noon), 1, 'the day after: overdue');
      await t.db
        .updateTable('invoices')
        .set({ due_on: addDays(day0, 5) })
        .where('id', '=', invoice.id)
        .execute();
      assert.equal(await emails.runOnce(noon + 2 * DAY), 1, 'three days before the new date');
      await t.db
        .updateTable('invoices')
        .set({ status: 'paid', paid_at: noon + 2 * DAY + 60_000 })
        .where('id', '=', invoice.id)
        .execute();
      assert.equal(await emails.runOnce(noon + 2 * DAY + 120_000), 1, 'the receipt');
      assert.equal(await emails.runOnce(noon + 6 * DAY), 0, 'paid: no overdue reminder');
      assert.deepEqual(
        smtp.mails.map((m) => /Subject: (.*)/.exec(plainBody(m))![1]),
        [
          `Invoice ${invoice.number} from Default brand is overdue`,
          `Invoice ${invoice.number} from Default brand is due on ${toDayMonthYear(addDays(day0, 5))}`,
          `Receipt for invoice ${invoice.number} from Default brand`,
        ],
      );
    } finally {
      await emails.stop();
      await t.close();
      await smtp.close();
    }
  });

  test(`${dialect}: a receipt once per paid invoice, also with reminders off; old payments get none`, async () => {
    const smtp = await startSmtp();
    const t = await buildTestApp(dialect, { SMTP_URL: smtp.url });
    const now = Date.now();
    const emails = createInvoiceEmails({ db: t.db, config: t.config, log: quiet });
    try {
      await t.db.updateTable('brands').set({ invoice_reminders: 0 }).where('id', '=', t.brand.id).execute();
      const paid = await seedInvoice(t, t.brand, { status: 'paid', paid_at: now - 60_000, email: 'karim@example.com', total: 250_000 });
      await seedInvoice(t, t.brand, { status: 'paid', paid_at: now - 10 * DAY, email: 'old@example.com' });
      await seedInvoice(t, t.brand, { status: 'open', due_on: addDays(today('Asia/Dhaka', now), -1), email: 'late@example.com' });

      assert.equal(await emails.runOnce(now), 1, 'the receipt only: reminders are off, the old payment is past its window');
      assert.equal(await emails.runOnce(now + 60_000), 0, 'once');
      const mail = plainBody(smtp.mails[0]!);
      assert.deepEqual(smtp.mails[0]!.to, ['karim@example.com']);
      assert.match(mail, new RegExp(`Subject: Receipt for invoice ${paid.number} from Default brand`));
      assert.match(mail, /received your payment of/);
      assert.match(mail, /Paid with Bank transfer, transaction ID BT-778\./);
      const log = await audited(t, 'invoice.receipt_sent');
      assert.deepEqual(
        log.map((e) => [e.target, e.kind, e.to]),
        [[paid.id, 'receipt', 'karim@example.com']],
      );

      await t.db.updateTable('brands').set({ invoice_reminders: 1 }).where('id', '=', t.brand.id).execute();
      assert.equal(await emails.runOnce(now + 120_000), 1, 'reminders on again: the overdue invoice is reminded');
      assert.deepEqual(smtp.mails[1]!.to, ['late@example.com']);
    } finally {
      await emails.stop();
      await t.close();
      await smtp.close();
    }
  });

  test(`${dialect}: the reminder toggle is in invoice-settings: owners switch it (audited), a viewer reads it, the job obeys it`, async () => {
    const smtp = await startSmtp();
    const t = await buildTestApp(dialect, { SMTP_URL: smtp.url });
    const emails = createInvoiceEmails({ db: t.db, config: t.config, log: quiet });
    try {
      const owner = await signedInAdmin(t, 'owner@example.com');
      const viewer = await signedInAdmin(t, 'viewer@example.com', { role: 'viewer' });
      const url = '/admin/api/brands/default/invoice-settings';
      const read = await viewer.inject({ method: 'GET', url });
      assert.equal(read.statusCode, 200, show(read));
      assert.equal(read.json().reminders, true, 'on by default');
      const refused = await viewer.inject({ method: 'PATCH', url, payload: { reminders: false } });
      assert.equal(refused.statusCode, 403, show(refused));
      const bad = await owner.inject({ method: 'PATCH', url, payload: { reminders: 'no' } });
      assert.equal(bad.statusCode, 400, show(bad));
      assert.deepEqual(
        bad.json().errors.map((e: { field: string }) => e.field),
        ['reminders'],
      );

      const off = await owner.inject({ method: 'PATCH', url, payload: { reminders: false } });
      assert.equal(off.statusCode, 200, show(off));
      assert.equal(off.json().reminders, false);
      assert.equal(off.json().prefix, 'INV-', 'the numbering is untouched');
      const entry = await t.db.selectFrom('audit_log').select(['changes', 'actor']).where('action', '=', 'brand.updated').executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(entry.changes), { invoice_reminders: { from: true, to: false } });
      assert.equal(entry.actor, 'owner@example.com');

      const late = await seedInvoice(t, t.brand, { status: 'open', due_on: addDays(today('Asia/Dhaka'), -1) });
      assert.equal(await emails.runOnce(), 0, 'off: no reminder');
      await owner.inject({ method: 'PATCH', url, payload: { reminders: true } });
      assert.equal(await emails.runOnce(), 1, 'on again: the overdue reminder');
      assert.match(plainBody(smtp.mails[0]!), new RegExp(`Invoice ${late.number} from Default brand is overdue`));
    } finally {
      await emails.stop();
      await t.close();
      await smtp.close();
    }
  });

  test(`${dialect}: a failed send gives the claim back and the next run sends it; without SMTP_URL nothing is claimed`, async () => {
    const t = await buildTestApp(dialect, { SMTP_URL: 'smtp://127.0.0.1:9' });
    const lines: string[] = [];
    const emails = createInvoiceEmails({ db: t.db, config: t.config, log: { info: () => {}, warn: (_o, m) => lines.push(m) } });
    const plain = await buildTestApp(dialect);
    const off = createInvoiceEmails({ db: plain.db, config: plain.config, log: { info: (_o, m) => lines.push(m), warn: () => {} } });
    try {
      await seedInvoice(t, t.brand, { status: 'paid', paid_at: Date.now() });
      assert.equal(await emails.runOnce(), 0, 'nobody listens on port 9');
      assert.ok(
        lines.some((l) => /could not send an invoice email; retrying next run/.test(l)),
        lines.join('\n'),
      );
      assert.equal((await t.db.selectFrom('invoice_emails').select('kind').execute()).length, 0, 'the claim was given back');
      assert.equal((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'invoice.receipt_sent').execute()).length, 0);

      await seedInvoice(plain, plain.brand, { status: 'paid', paid_at: Date.now() });
      off.start();
      assert.ok(
        lines.some((l) => /SMTP_URL is not set/.test(l)),
        lines.join('\n'),
      );
      assert.equal(await off.runOnce(), 0);
      assert.equal((await plain.db.selectFrom('invoice_emails').select('kind').execute()).length, 0);
    } finally {
      await emails.stop();
      await off.stop();
      await t.close();
      await plain.close();
    }
  });
}
