import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allows } from '../../src/lib/transitions.js';
import { isRefundable, PAYMENT_STATES, PAYMENT_TRANSITIONS, type PaymentState, type PaymentTransition } from '../../src/modules/payments/states.js';

const can = (name: PaymentTransition, from: PaymentState, to: PaymentState) => allows(PAYMENT_TRANSITIONS[name], from, to);

test('payment transitions: the moves a payment may make', () => {
  assert.ok(can('pay', 'initiated', 'completed'));
  assert.ok(can('pay', 'initiated', 'pending'));
  assert.ok(can('pay', 'initiated', 'failed'));
  assert.ok(can('cancel', 'initiated', 'canceled'));
  assert.ok(can('expire', 'initiated', 'expired'));
  assert.ok(can('approve', 'pending', 'completed'));
  assert.ok(can('reject', 'pending', 'failed'));
  assert.ok(can('note', 'pending', 'pending'));
  assert.ok(can('refund', 'completed', 'partially_refunded'));
  assert.ok(can('refund', 'partially_refunded', 'refunded'));
  assert.ok(can('release', 'refunded', 'partially_refunded'));
  assert.ok(can('release', 'partially_refunded', 'completed'));
});

test('payment transitions: the moves it may not make', () => {
  assert.ok(!can('pay', 'pending', 'completed'), 'a pending payment is not paid twice');
  assert.ok(!can('pay', 'expired', 'completed'), 'an expired checkout cannot be paid');
  assert.ok(!can('approve', 'initiated', 'completed'), 'only a submitted payment is approved');
  assert.ok(!can('reject', 'completed', 'failed'), 'a completed payment is not rejected');
  assert.ok(!can('cancel', 'pending', 'canceled'), 'a submitted payment is not canceled');
  assert.ok(!can('expire', 'pending', 'expired'), 'a submitted payment does not expire');
  assert.ok(!can('refund', 'refunded', 'refunded'), 'nothing remains to refund');
  assert.ok(!can('refund', 'pending', 'partially_refunded'), 'an unpaid payment is not refunded');
  assert.ok(!can('release', 'completed', 'completed'), 'nothing reserved, nothing to give back');
  const outgoing = new Set<PaymentState>(Object.values(PAYMENT_TRANSITIONS).flatMap((t) => t.from));
  assert.deepEqual(
    PAYMENT_STATES.filter((s) => !outgoing.has(s)),
    ['canceled', 'failed', 'expired'],
    'Canceled, Failed and Expired are final',
  );
});

test('isRefundable: exactly the states a refund may start from', () => {
  assert.deepEqual(PAYMENT_STATES.filter(isRefundable), ['completed', 'partially_refunded']);
});
