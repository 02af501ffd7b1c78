import { test } from 'node:test';
import assert from 'node:assert/strict';
import { phoneReachability } from '../../src/modules/devices/reachability.js';

test('a webhook URL on this computer, a private network or plain http is flagged with what to set', () => {
  const kind = (url: string) => phoneReachability(url)?.kind ?? null;
  for (const url of ['http://127.0.0.1:3000/default/api/device/sms', 'http://localhost:3000/x', 'https://[::1]:3000/x', 'http://127.10.0.1/x']) {
    assert.equal(kind(url), 'loopback', url);
  }
  for (const url of ['http://192.168.1.20:3000/x', 'https://10.0.0.5/x', 'https://172.20.1.1/x', 'https://shop-pc.local/x', 'https://[fd00::1]/x']) {
    assert.equal(kind(url), 'private', url);
  }
  assert.equal(kind('http://pay.example.com/default/api/device/sms'), 'plain_http');
  assert.equal(kind('http://203.0.113.7/x'), 'plain_http');
  assert.equal(kind('https://pay.example.com/default/api/device/sms'), null);
  assert.equal(kind('https://203.0.113.7/x'), null);
  const loopback = phoneReachability('http://127.0.0.1:3000/default/api/device/sms');
  assert.match(loopback?.message ?? '', /http:\/\/127\.0\.0\.1:3000/);
  assert.match(loopback?.message ?? '', /PUBLIC_URL/);
  assert.match(loopback?.message ?? '', /tunnel/);
});
