import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allows } from '../../src/lib/transitions.js';
import { PAYOUT_TRANSITIONS, REFUND_TRANSITIONS } from '../../src/modules/refunds/states.js';

test('refund transitions: a processing gateway refund settles or fails, once', () => {
  assert.ok(allows(REFUND_TRANSITIONS.settle, 'processing', 'succeeded'));
  assert.ok(allows(REFUND_TRANSITIONS.settle, 'processing', 'processing'), 'accepted for later settlement');
  assert.ok(allows(REFUND_TRANSITIONS.fail, 'processing', 'failed'));
  assert.ok(!allows(REFUND_TRANSITIONS.fail, 'succeeded', 'failed'), 'a settled refund is not failed (its reservation stays)');
  assert.ok(!allows(REFUND_TRANSITIONS.fail, 'failed', 'failed'), 'a reservation is given back once');
  assert.ok(!allows(REFUND_TRANSITIONS.settle, 'failed', 'succeeded'), 'a failed refund stays failed');
});

test('payout transitions: only a due manual refund is paid out', () => {
  assert.ok(allows(PAYOUT_TRANSITIONS.pay_out, 'due', 'paid'));
  assert.ok(!allows(PAYOUT_TRANSITIONS.pay_out, 'paid', 'paid'), 'not paid out twice');
  assert.ok(!allows(PAYOUT_TRANSITIONS.pay_out, 'not_needed', 'paid'), 'a gateway refund has nothing to pay out');
});
