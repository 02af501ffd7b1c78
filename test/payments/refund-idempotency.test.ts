import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { seedKey, show } from '../harness.js';
import { IDEMPOTENCY_LEASE_MS } from '../../src/modules/payments/idempotency.js';
import { api, refundSuite } from './helpers.js';

for (const dialect of dialects) {
  describe(`${dialect}: POST /api/refund-payment with Idempotency-Key`, () => {
    const s = refundSuite(dialect);
    const { completedPayment } = s;
    const refundsOf = (trx: string) =>
      s.t.db
        .selectFrom('refunds')
        .innerJoin('payments', 'payments.id', 'refunds.payment_id')
        .select(['refunds.id', 'refunds.status'])
        .where('payments.transaction_id', '=', trx)
        .execute();

    test('the same body and key twice make one refund; the repeat replays the first answer; another body is refused', async () => {
      const trx = await completedPayment('100');
      const body = { transaction_id: trx, amount: '10' };
      const first = await api(s.t, s.key)('/api/refund-payment', body, { 'idempotency-key': 'refund-1' });
      const repeat = await api(s.t, s.key)('/api/refund-payment', body, { 'idempotency-key': 'refund-1' });
      assert.equal(first.statusCode, 200, show(first));
      assert.equal(repeat.statusCode, 200, show(repeat));
      assert.deepEqual(repeat.json(), first.json());
      assert.equal(repeat.headers['idempotent-replayed'], 'true');
      assert.equal(first.headers['idempotent-replayed'], undefined);
      const other = await api(s.t, s.key)('/api/refund-payment', { ...body, amount: '11' }, { 'idempotency-key': 'refund-1' });
      assert.equal(other.statusCode, 422, show(other));
      assert.equal(other.json().code, 'idempotency_key_reused');
      assert.equal((await refundsOf(trx)).length, 1);
      // Without a key, the same body is a new refund, as before.
      const plain = await api(s.t, s.key)('/api/refund-payment', body);
      assert.equal(plain.statusCode, 200, show(plain));
      assert.equal((await refundsOf(trx)).length, 2);
    });

    test('10 concurrent duplicates make exactly one refund and all get its answer', async () => {
      const trx = await completedPayment('100');
      const results = await Promise.all(
        Array.from({ length: 10 }, () => api(s.t, s.key)('/api/refund-payment', { transaction_id: trx, amount: '5' }, { 'idempotency-key': 'burst-refund' })),
      );
      for (const r of results) assert.equal(r.statusCode, 200, show(r));
      assert.equal(new Set(results.map((r) => r.json().refund_id)).size, 1);
      assert.equal((await refundsOf(trx)).length, 1);
      const payment = await s.t.db.selectFrom('payments').select('refunded_amount').where('transaction_id', '=', trx).executeTakeFirstOrThrow();
      assert.equal(payment.refunded_amount, 500);
    });

    test('a refused refund releases the key: the retry with the same key runs again', async () => {
      const trx = await completedPayment('10');
      const tooMuch = await api(s.t, s.key)('/api/refund-payment', { transaction_id: trx, amount: '11' }, { 'idempotency-key': 'retry-me' });
      assert.equal(tooMuch.json().code, 'refund_exceeds_remaining', show(tooMuch));
      const again = await api(s.t, s.key)('/api/refund-payment', { transaction_id: trx, amount: '11' }, { 'idempotency-key': 'retry-me' });
      assert.equal(again.json().code, 'refund_exceeds_remaining', show(again));
      assert.equal(again.headers['idempotent-replayed'], undefined);
    });

    test('a key is scoped to its API key: another key with the same Idempotency-Key refunds separately', async () => {
      const trx = await completedPayment('100');
      const other = (await seedKey(s.t, { name: 'Other key', mode: 'test' })).key;
      const a = await api(s.t, s.key)('/api/refund-payment', { transaction_id: trx, amount: '1' }, { 'idempotency-key': 'shared-refund' });
      const b = await api(s.t, other)('/api/refund-payment', { transaction_id: trx, amount: '1' }, { 'idempotency-key': 'shared-refund' });
      assert.equal(a.statusCode, 200, show(a));
      assert.equal(b.statusCode, 200, show(b));
      assert.notEqual(a.json().refund_id, b.json().refund_id);
    });

    test('a refund whose request died after refunding (claim left in_progress past its lease) is answered, not made again', async () => {
      const trx = await completedPayment('100');
      const body = { transaction_id: trx, amount: '20' };
      const first = await api(s.t, s.key)('/api/refund-payment', body, { 'idempotency-key': 'crashed-refund' });
      assert.equal(first.statusCode, 200, show(first));
      // As a kill between the refund's commit and the stored answer leaves it: claim in progress, no response, lease over.
      await s.t.db
        .updateTable('idempotency_keys')
        .set({ state: 'in_progress', response_status: null, response_body: null, created_at: Date.now() - IDEMPOTENCY_LEASE_MS - 1 })
        .where('idempotency_key', '=', 'crashed-refund')
        .execute();
      const retry = await api(s.t, s.key)('/api/refund-payment', body, { 'idempotency-key': 'crashed-refund' });
      assert.equal(retry.statusCode, 200, show(retry));
      assert.equal(retry.json().refund_id, first.json().refund_id);
      assert.equal((await refundsOf(trx)).length, 1);
      const row = await s.t.db.selectFrom('idempotency_keys').select('state').where('idempotency_key', '=', 'crashed-refund').executeTakeFirstOrThrow();
      assert.equal(row.state, 'done');
    });
  });
}
