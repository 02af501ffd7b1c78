import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allows } from '../../src/lib/transitions.js';
import { DELIVERY_TRANSITIONS, type DeliveryStatus, type DeliveryTransition } from '../../src/modules/webhooks/states.js';

const can = (name: DeliveryTransition, from: DeliveryStatus, to: DeliveryStatus) => allows(DELIVERY_TRANSITIONS[name], from, to);

test('delivery transitions: pending is claimed, retried, failed, delivered or superseded', () => {
  assert.ok(can('claim', 'pending', 'pending'));
  assert.ok(can('retry', 'pending', 'pending'));
  assert.ok(can('fail', 'pending', 'failed'));
  assert.ok(can('deliver', 'pending', 'delivered'));
  assert.ok(can('supersede', 'pending', 'superseded'));
  assert.ok(can('deliver', 'superseded', 'delivered'), 'an acknowledged attempt counts even after a newer IPN superseded it');
  assert.ok(can('keep', 'superseded', 'superseded'));
});

test('delivery transitions: a superseded, delivered or failed delivery is never sent again', () => {
  assert.ok(!can('claim', 'superseded', 'superseded'));
  assert.ok(!can('retry', 'superseded', 'pending'), 'an older state never follows a newer one');
  assert.ok(!can('claim', 'delivered', 'delivered'));
  assert.ok(!can('claim', 'failed', 'failed'));
  assert.ok(!can('supersede', 'delivered', 'superseded'), 'a delivered IPN stays delivered');
  assert.ok(!can('deliver', 'failed', 'delivered'));
});
