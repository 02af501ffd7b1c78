import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allows } from '../../src/lib/transitions.js';
import { SMS_TRANSITIONS, type SmsState, type SmsTransition } from '../../src/modules/sms/states.js';

const can = (name: SmsTransition, from: SmsState, to: SmsState) => allows(SMS_TRANSITIONS[name], from, to);

test('SMS transitions: approve, trash, restore and use', () => {
  assert.ok(can('approve', 'awaiting_review', 'approved'));
  assert.ok(can('trash', 'approved', 'trashed'));
  assert.ok(can('trash', 'error', 'trashed'));
  assert.ok(can('restore', 'trashed', 'awaiting_review'), 'a restored message goes back to review');
  assert.ok(can('use', 'approved', 'used'));
  assert.ok(!can('use', 'awaiting_review', 'used'), 'a held message pays nothing');
  assert.ok(!can('use', 'used', 'used'), 'a message pays one payment');
  assert.ok(!can('trash', 'used', 'trashed'), 'a message that paid stays used');
  assert.ok(!can('restore', 'trashed', 'approved'), 'never straight back to approved');
  assert.ok(!can('approve', 'error', 'approved'), 'an unreadable message cannot be approved');
});
