import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { endpoints } from '../../src/http/endpoints.js';
import { decideRefund } from '../../src/modules/refunds/decision.js';
import { dialects } from '../dialects.js';
import { apiAuthSuite } from '../auth-suite.js';
import { show } from '../harness.js';
import { api, createInvoice, paySandbox, refundSuite, verify } from './helpers.js';

test('decideRefund: blank means all that remains; never above what remains; only completed payments', () => {
  assert.deepEqual(decideRefund({ status: 'completed', charged_amount: 1000, refunded_amount: 0 }, null), { ok: true, amount: 1000, remainingAfter: 0 });
  assert.deepEqual(decideRefund({ status: 'partially_refunded', charged_amount: 1000, refunded_amount: 400 }, 600), {
    ok: true,
    amount: 600,
    remainingAfter: 0,
  });
  assert.equal(
    (decideRefund({ status: 'partially_refunded', charged_amount: 1000, refunded_amount: 400 }, 601) as { code: string }).code,
    'refund_exceeds_remaining',
  );
  assert.equal((decideRefund({ status: 'pending', charged_amount: 1000, refunded_amount: 0 }, 1) as { code: string }).code, 'payment_not_refundable');
  assert.equal((decideRefund({ status: 'refunded', charged_amount: 1000, refunded_amount: 1000 }, null) as { code: string }).code, 'payment_not_refundable');
});

for (const dialect of dialects) {
  apiAuthSuite(dialect, { ...endpoints.find((e) => e.operation === 'refund-payment')!, body: () => ({ transaction_id: 'NOPE123456' }) });

  describe(`${dialect}: POST /api/refund-payment`, () => {
    const s = refundSuite(dialect);
    const { completedPayment } = s;

    test('20 concurrent partial refunds whose sum exceeds the amount never over-refund', async () => {
      const trx = await completedPayment('100');
      const results = await Promise.all(Array.from({ length: 20 }, () => api(s.t, s.key)('/api/refund-payment', { transaction_id: trx, amount: '7.50' })));
      const ok = results.filter((r) => r.statusCode === 200);
      for (const r of results) assert.ok(r.statusCode === 200 || [409, 422].includes(r.statusCode), show(r));
      for (const r of results.filter((x) => x.statusCode !== 200)) assert.equal(r.json().status, false, show(r));
      assert.equal(ok.length, 13, `13 × 7.50 = 97.50 fits in 100.00; got ${ok.length}`);
      const payment = await s.t.db.selectFrom('payments').selectAll().where('transaction_id', '=', trx).executeTakeFirstOrThrow();
      assert.equal(payment.refunded_amount, 9750);
      const sum = await s.t.db
        .selectFrom('refunds')
        .select((eb) => eb.fn.sum<number>('amount').as('s'))
        .where('payment_id', '=', payment.id)
        .where('status', '!=', 'failed')
        .executeTakeFirstOrThrow();
      assert.equal(Number(sum.s), 9750, 'refund rows agree with the payment');
      const rest = await api(s.t, s.key)('/api/refund-payment', { transaction_id: trx });
      assert.equal(rest.json().amount, '2.50', show(rest));
      assert.equal(rest.json().payment_status, 'refunded');
    });

    test('concurrent full refunds (blank amount) refund exactly once', async () => {
      const trx = await completedPayment('50');
      const results = await Promise.all(Array.from({ length: 8 }, () => api(s.t, s.key)('/api/refund-payment', { transaction_id: trx, amount: '' })));
      assert.equal(results.filter((r) => r.statusCode === 200).length, 1, results.map(show).join('\n'));
    });

    test('refuses a refund above the remaining amount, naming amount', async () => {
      const trx = await completedPayment('10');
      const res = await api(s.t, s.key)('/api/refund-payment', { transaction_id: trx, amount: '10.01' });
      assert.equal(res.statusCode, 422, show(res));
      assert.equal(res.json().code, 'refund_exceeds_remaining');
      assert.equal(res.json().field, 'amount');
      assert.equal(res.json().status, false);
    });

    test('answers 409 payment_changed, not refund_exceeds_remaining, when the payment keeps changing under the refund', async () => {
      const trx = await completedPayment('10');
      // Stands in for other writers that change the payment between every read and the guarded UPDATE: the database
      // skips each reservation, so every attempt finds zero rows although the amount always fits.
      if (dialect === 'sqlite') {
        await sql`CREATE TRIGGER keep_moving BEFORE UPDATE OF refunded_amount ON payments WHEN NEW.refunded_amount > OLD.refunded_amount BEGIN SELECT RAISE(IGNORE); END`.execute(
          s.t.db,
        );
      } else {
        await sql`CREATE FUNCTION keep_moving() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`.execute(s.t.db);
        await sql`CREATE TRIGGER keep_moving BEFORE UPDATE ON payments FOR EACH ROW WHEN (NEW.refunded_amount > OLD.refunded_amount) EXECUTE FUNCTION keep_moving()`.execute(
          s.t.db,
        );
      }
      try {
        const res = await api(s.t, s.key)('/api/refund-payment', { transaction_id: trx, amount: '1' });
        assert.equal(res.statusCode, 409, show(res));
        assert.deepEqual(Object.keys(res.json()).sort(), ['code', 'message', 'status'], show(res));
        assert.equal(res.json().code, 'payment_changed', show(res));
        assert.equal(res.json().status, false, show(res));
      } finally {
        await sql`DROP TRIGGER keep_moving${sql.raw(dialect === 'postgres' ? ' ON payments' : '')}`.execute(s.t.db);
      }
      const payment = await s.t.db.selectFrom('payments').selectAll().where('transaction_id', '=', trx).executeTakeFirstOrThrow();
      assert.equal(payment.refunded_amount, 0, 'nothing was reserved');
      assert.equal((await s.t.db.selectFrom('refunds').select('id').where('payment_id', '=', payment.id).execute()).length, 0, 'no refund was recorded');
      const retry = await api(s.t, s.key)('/api/refund-payment', { transaction_id: trx, amount: '1' });
      assert.equal(retry.statusCode, 200, show(retry));
    });

    test('refuses refunds of payments that are not completed', async () => {
      const inv = await createInvoice(s.t, s.key);
      await paySandbox(s.t, inv, 'pending');
      const trx = (await verify(s.t, s.key, inv)).transaction_id;
      const res = await api(s.t, s.key)('/api/refund-payment', { transaction_id: trx });
      assert.equal(res.statusCode, 409, show(res));
      assert.equal(res.json().code, 'payment_not_refundable');
    });

    test('refuses bad input with a message naming the field', async () => {
      for (const [body, field, code] of [
        [{}, 'transaction_id', 'invalid_request'],
        [{ transaction_id: 'X', amount: '-1' }, 'amount', 'invalid_amount'],
        [{ transaction_id: 'X', amount: '1.234' }, 'amount', 'invalid_amount'],
        [{ transaction_id: 'X', reason: 'r'.repeat(501) }, 'reason', 'invalid_request'],
      ] as const) {
        const res = await api(s.t, s.key)('/api/refund-payment', body);
        assert.equal(res.statusCode, 400, show(res));
        assert.equal(res.json().code, code, show(res));
        assert.equal(res.json().field, field, show(res));
      }
    });

    test('answers 404 for an unknown transaction or a mismatched payment_method', async () => {
      const trx = await completedPayment('10');
      for (const body of [
        { transaction_id: 'UNKNOWN123' },
        { transaction_id: trx, payment_method: 'bkash' },
        { transaction_id: trx, payment_method: 'paypal' },
      ]) {
        const res = await api(s.t, s.key)('/api/refund-payment', body);
        assert.equal(res.statusCode, 404, show(res));
        assert.equal(res.json().code, 'payment_not_found');
      }
    });
  });
}
