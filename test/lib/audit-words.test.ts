import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEntry } from '../../web/dashboard/src/api/types.js';
import { describe } from '../../web/dashboard/src/pages/brand-settings/api-settings/audit-words.js';

const entry = (action: AuditEntry['action'], changes: Record<string, unknown>): AuditEntry => ({
  id: 'aud_1',
  action,
  actor: 'merchant@example.com',
  target_id: 'key_1',
  target_label: null,
  changes,
  ip: null,
  created_at: '2026-11-27T00:00:00.000Z',
});

test('audit words: a created key lists its fields by their labels; an empty end date is "never", any other empty value "none"', () => {
  const text = describe(
    entry('api_key.created', { name: 'Shop', expires_at: null, note: null, allowed_ips: [], rate_limit_per_minute: null, is_active: true }),
  );
  assert.equal(text, 'Name: Shop; Expires: never; Note: none; Allowed IPs: none; Rate limit per minute: none; Active: yes');
});

test('audit words: edits say what changed in plain words', () => {
  assert.equal(describe(entry('api_key.updated', { is_active: { from: true, to: false } })), 'Turned off');
  assert.equal(
    describe(entry('api_key.updated', { abilities: { from: ['payment:verify'], to: ['payment:verify', 'payment:refund'] } })),
    'Abilities: added payment:refund',
  );
  assert.equal(describe(entry('api_key.updated', { note: { from: null, to: 'Shop' } })), 'Note: none → Shop');
  assert.equal(describe(entry('api_key.updated', { expires_at: { from: '31/12/2026', to: null } })), 'Expires: 31/12/2026 → never');
});
