import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, show, signedInAdmin, type TestApp } from '../harness.js';
import { plainBody, startSmtp } from '../smtp.js';
import { invoiceBody } from './support.js';

for (const dialect of dialects) {
  describe(`${dialect}: invoices (admin API)`, () => {
    let t: TestApp;
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    const base = '/admin/api/brands/default/invoices';
    const create = (payload: Record<string, unknown>) => admin.inject({ method: 'POST', url: base, payload });
    const act = (id: string, action: string, payload: Record<string, unknown> = {}) =>
      admin.inject({ method: 'POST', url: `${base}/${id}/${action}`, payload });
    const patch = (id: string, payload: Record<string, unknown>) => admin.inject({ method: 'PATCH', url: `${base}/${id}`, payload });
    const auditOf = (id: string) => t.db.selectFrom('audit_log').selectAll().where('target_id', '=', id).orderBy('created_at').execute();

    before(async () => {
      smtp = await startSmtp();
      t = await buildTestApp(dialect, { SMTP_URL: smtp.url });
      admin = await signedInAdmin(t);
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    test('creates a draft with the next number, its figures as 2-decimal strings and an unguessable public id', async () => {
      const res = await create(invoiceBody());
      assert.equal(res.statusCode, 201, show(res));
      const inv = res.json().invoice;
      assert.equal(inv.number, 'INV-000001');
      assert.equal(inv.status, 'draft');
      assert.match(inv.id, /^ivc_/);
      assert.match(inv.public_id, /^[A-Za-z0-9]{24}$/);
      assert.ok(!inv.public_id.includes('000001'));
      assert.equal(inv.url, `http://duar.test/invoice/${inv.public_id}`);
      // 2 × 1250.50 + 99.99 = 2600.99; − 100 = 2500.99; 7.5% = 187.57425 → 187.57; + 60 shipping.
      assert.deepEqual(
        [inv.subtotal, inv.discount, inv.vat_percent, inv.vat, inv.shipping, inv.total],
        ['2600.99', '100.00', '7.50', '187.57', '60.00', '2748.56'],
      );
      assert.deepEqual(inv.items[0], { description: 'Cotton saree', quantity: 2, unit_price: '1250.50', amount: '2501.00' });
      assert.equal(inv.due_on, '31/12/2030');
      assert.equal(inv.customer.name, 'করিম স্টোর');
      assert.equal(inv.overdue, false);
      const got = await admin.inject({ method: 'GET', url: `${base}/${inv.id}` });
      assert.equal(got.json().invoice.total, '2748.56', show(got));
      const byNumber = await admin.inject({ method: 'GET', url: `${base}/INV-000001` });
      assert.equal(byNumber.json().invoice.id, inv.id, show(byNumber));
      assert.deepEqual(
        (await auditOf(inv.id)).map((a) => a.action),
        ['invoice.created'],
      );
    });

    test('reports every invalid field at once, with the form labels', async () => {
      const res = await create({
        customer: { name: '' },
        items: [
          { description: 'ok', quantity: 0, unit_price: '-5' },
          { description: 'two', quantity: 1.5, unit_price: '1.234' },
          { description: 'zero', quantity: 1, unit_price: 0 },
        ],
        discount: '-1',
        vat_percent: '100.5',
        shipping: '1e3',
        due_on: '31/02/2030',
        webhook_url: 'ftp://x',
        status: 'paid',
      });
      assert.equal(res.statusCode, 400, show(res));
      const fields = (res.json().errors as { field: string }[]).map((e) => e.field).sort();
      assert.deepEqual(
        fields,
        [
          'customer.email',
          'customer.name',
          'discount',
          'due_on',
          'items.0.quantity',
          'items.0.unit_price',
          'items.1.quantity',
          'items.1.unit_price',
          'items.2.unit_price',
          'shipping',
          'status',
          'vat_percent',
          'webhook_url',
        ],
        show(res),
      );
      const over = await create(invoiceBody({ items: [{ description: 'x', quantity: 1, unit_price: '1000000000000' }] }));
      assert.equal(over.statusCode, 400, show(over));
      assert.equal(over.json().errors[0].field, 'items.0.unit_price');
      const discount = await create(invoiceBody({ discount: '5000' }));
      assert.equal(discount.statusCode, 400, show(discount));
      assert.equal(discount.json().errors[0].field, 'discount', show(discount));
      const none = await create(invoiceBody({ items: [] }));
      assert.equal(none.json().errors[0].field, 'items', show(none));
    });

    test('twenty concurrent creations get twenty distinct, gapless numbers', async () => {
      const before = (await admin.inject({ method: 'GET', url: '/admin/api/brands/default/invoice-settings' })).json().last_number as number;
      const results = await Promise.all(Array.from({ length: 20 }, () => create(invoiceBody())));
      for (const r of results) assert.equal(r.statusCode, 201, show(r));
      const numbers = results.map((r) => r.json().invoice.number as string).sort();
      const expected = Array.from({ length: 20 }, (_, i) => `INV-${String(before + i + 1).padStart(6, '0')}`);
      assert.deepEqual(numbers, expected);
      const publicIds = new Set(results.map((r) => r.json().invoice.public_id));
      assert.equal(publicIds.size, 20);
    });

    test('the prefix is editable; the sequence goes on; a prefix ending in a digit is refused', async () => {
      const bad = await admin.inject({ method: 'PATCH', url: '/admin/api/brands/default/invoice-settings', payload: { prefix: 'INV2' } });
      assert.equal(bad.statusCode, 400, show(bad));
      const set = await admin.inject({ method: 'PATCH', url: '/admin/api/brands/default/invoice-settings', payload: { prefix: '2030/' } });
      assert.equal(set.statusCode, 200, show(set));
      const last = set.json().last_number as number;
      assert.equal(set.json().next_number, `2030/${String(last + 1).padStart(6, '0')}`);
      const inv = (await create(invoiceBody())).json().invoice;
      assert.equal(inv.number, `2030/${String(last + 1).padStart(6, '0')}`);
      await admin.inject({ method: 'PATCH', url: '/admin/api/brands/default/invoice-settings', payload: { prefix: 'INV-' } });
    });

    test('a draft is fully editable; the figures follow; the edit is audited', async () => {
      const inv = (await create(invoiceBody())).json().invoice;
      const res = await patch(inv.id, {
        items: [{ description: 'One thing', quantity: 3, unit_price: '10.01' }],
        discount: null,
        vat_percent: 15,
        customer: { name: 'Rahim', phone: '01812345678' },
      });
      assert.equal(res.statusCode, 200, show(res));
      const edited = res.json().invoice;
      // 30.03 + 15% (4.5045 → 4.50) + 60 shipping.
      assert.deepEqual([edited.subtotal, edited.discount, edited.vat, edited.total], ['30.03', '0.00', '4.50', '94.53']);
      assert.deepEqual(edited.customer, { name: 'Rahim', email: null, phone: '01812345678' });
      assert.ok((await auditOf(inv.id)).some((a) => a.action === 'invoice.updated'));
    });

    test('send opens a draft and e-mails the number, total, due date and link; audited', async () => {
      const inv = (await create(invoiceBody())).json().invoice;
      const count = smtp.mails.length;
      const res = await act(inv.id, 'send');
      assert.equal(res.statusCode, 200, show(res));
      assert.equal(res.json().emailed, true, show(res));
      assert.equal(res.json().invoice.status, 'open');
      assert.ok(res.json().invoice.sent_at);
      await smtp.waitFor(count + 1);
      const mail = smtp.mails.at(-1)!;
      assert.deepEqual(mail.to, ['karim@example.com']);
      const body = plainBody(mail);
      for (const part of [inv.number, '2,748.56', '31/12/2030', inv.url]) assert.ok(body.includes(part), `${part} in ${body}`);
      const audit = (await auditOf(inv.id)).find((a) => a.action === 'invoice.sent');
      assert.ok(audit, 'audited');
      assert.equal(JSON.parse(audit.changes).to, 'karim@example.com');
    });

    test('an open invoice allows only its due date and notes; paid, void and refunded allow nothing', async () => {
      const inv = (await create(invoiceBody({ status: 'open' }))).json().invoice;
      assert.equal(inv.status, 'open');
      const ok = await patch(inv.id, { due_on: '01/01/2031', note: 'New note', private_note: 'x' });
      assert.equal(ok.statusCode, 200, show(ok));
      assert.equal(ok.json().invoice.due_on, '01/01/2031');
      const refused = await patch(inv.id, { shipping: 0, note: 'y' });
      assert.equal(refused.statusCode, 409, show(refused));
      assert.equal(refused.json().code, 'invoice_state_conflict');
      assert.match(refused.json().message, /shipping/);
      const voided = await act(inv.id, 'void');
      assert.equal(voided.statusCode, 200, show(voided));
      assert.equal(voided.json().invoice.status, 'void');
      const none = await patch(inv.id, { note: 'z' });
      assert.equal(none.statusCode, 409, show(none));
    });

    test('every transition and refusal: send, mark-paid, void', async () => {
      const draft = (await create(invoiceBody())).json().invoice;
      // A draft cannot be marked paid; it can be voided; a void one cannot be sent, paid or voided again.
      assert.equal((await act(draft.id, 'mark-paid', { method: 'Cash' })).statusCode, 409);
      assert.equal((await act(draft.id, 'void')).json().invoice.status, 'void');
      for (const action of ['send', 'void']) assert.equal((await act(draft.id, action)).statusCode, 409, action);
      assert.equal((await act(draft.id, 'mark-paid', { method: 'Cash' })).statusCode, 409);

      const open = (await create(invoiceBody({ status: 'open' }))).json().invoice;
      const bad = await act(open.id, 'mark-paid', { method: '', transaction_id: 'x'.repeat(101) });
      assert.equal(bad.statusCode, 400, show(bad));
      assert.deepEqual((bad.json().errors as { field: string }[]).map((e) => e.field).sort(), ['method', 'transaction_id']);
      const paid = await act(open.id, 'mark-paid', { method: 'Bank transfer', transaction_id: 'DBBL-1234', note: 'Received at branch' });
      assert.equal(paid.statusCode, 200, show(paid));
      const view = paid.json().invoice;
      assert.equal(view.status, 'paid');
      assert.deepEqual([view.paid.method, view.paid.transaction_id, view.paid.note], ['Bank transfer', 'DBBL-1234', 'Received at branch']);
      for (const action of ['send', 'void']) assert.equal((await act(open.id, action)).statusCode, 409, action);
      assert.equal((await act(open.id, 'mark-paid', { method: 'Cash' })).statusCode, 409);
      const actions = (await auditOf(open.id)).map((a) => a.action);
      assert.deepEqual(actions, ['invoice.created', 'invoice.marked_paid']);
      assert.equal((await admin.inject({ method: 'GET', url: `${base}/ivc_nope` })).statusCode, 404);
    });

    test('overdue: open and due before today in the brand time zone', async () => {
      const inv = (await create(invoiceBody({ status: 'open' }))).json().invoice;
      await t.db.updateTable('invoices').set({ due_on: '2020-01-01' }).where('id', '=', inv.id).execute();
      assert.equal((await admin.inject({ method: 'GET', url: `${base}/${inv.id}` })).json().invoice.overdue, true);
      const draft = (await create(invoiceBody())).json().invoice;
      await t.db.updateTable('invoices').set({ due_on: '2020-01-01' }).where('id', '=', draft.id).execute();
      assert.equal((await admin.inject({ method: 'GET', url: `${base}/${draft.id}` })).json().invoice.overdue, false, 'a draft is never overdue');
      const list = await admin.inject({ method: 'GET', url: `${base}?status=open&per_page=100` });
      assert.equal(list.statusCode, 200, show(list));
      assert.ok(list.json().invoices.every((i: { status: string }) => i.status === 'open'));
    });

    test('a viewer reads invoices but cannot create, send or void one; a manager can', async () => {
      const viewer = await signedInAdmin(t, undefined, { role: 'viewer' });
      assert.equal((await viewer.inject({ method: 'GET', url: base })).statusCode, 200);
      assert.equal((await viewer.inject({ method: 'POST', url: base, payload: invoiceBody() })).statusCode, 403);
      const inv = (await create(invoiceBody())).json().invoice;
      assert.equal((await viewer.inject({ method: 'POST', url: `${base}/${inv.id}/void`, payload: {} })).statusCode, 403);
      const manager = await signedInAdmin(t, undefined, { role: 'manager' });
      assert.equal((await manager.inject({ method: 'POST', url: base, payload: invoiceBody() })).statusCode, 201);
    });

    test('the brand default webhook URL is set, audited and cleared', async () => {
      const url = '/admin/api/brands/default/webhook-settings';
      assert.deepEqual((await admin.inject({ method: 'GET', url })).json(), { default_url: null });
      const bad = await admin.inject({ method: 'PATCH', url, payload: { default_url: 'javascript:alert(1)' } });
      assert.equal(bad.statusCode, 400, show(bad));
      const loopback = await admin.inject({ method: 'PATCH', url, payload: { default_url: 'http://127.0.0.1:1/ipn' } });
      assert.equal(loopback.json().code, 'webhook_url_refused', show(loopback));
      assert.equal(loopback.json().field, 'default_url', 'beside its own field');
      assert.match(loopback.json().message, /^Default webhook URL is not accepted: /, 'named by its label');
      const set = await admin.inject({ method: 'PATCH', url, payload: { default_url: 'https://shop.example.com/ipn' } });
      assert.deepEqual(set.json(), { default_url: 'https://shop.example.com/ipn' }, show(set));
      const cleared = await admin.inject({ method: 'PATCH', url, payload: { default_url: null } });
      assert.deepEqual(cleared.json(), { default_url: null });
      const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'webhook.default_url_set').execute();
      assert.equal(audit.length, 2);
    });
  });
}
