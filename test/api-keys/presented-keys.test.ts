import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import { bearerToken, presentedKeys } from '../../src/http/plugins/presented-keys.js';

const request = (headers: Record<string, string | string[]>) => ({ headers }) as unknown as FastifyRequest;

test('the payment API reads RT-UDDOKTAPAY-API-KEY, X-API-KEY and a Bearer token, trimmed and without repeats', () => {
  assert.deepEqual(presentedKeys(request({ 'rt-uddoktapay-api-key': ' dk_live_a ' })), ['dk_live_a']);
  assert.deepEqual(presentedKeys(request({ 'x-api-key': 'dk_live_a', authorization: 'bearer  dk_live_a ' })), ['dk_live_a']);
  assert.deepEqual(presentedKeys(request({ 'rt-uddoktapay-api-key': ['dk_live_a', 'dk_live_b'] })), ['dk_live_a', 'dk_live_b']);
  assert.deepEqual(presentedKeys(request({ 'x-device-key': 'dev_1', authorization: 'Basic eA==' })), [], 'a device header is not an API key');
  assert.deepEqual(presentedKeys(request({ 'x-device-key': 'dev_1', 'x-api-key': 'dev_2' }), ['x-device-key', 'x-api-key']), ['dev_1', 'dev_2']);
});

test('a Bearer token is the rest of the Authorization header, trimmed', () => {
  assert.equal(bearerToken(request({ authorization: 'Bearer tok ' })), 'tok');
  assert.equal(bearerToken(request({ authorization: 'Bearer ' })), undefined);
  assert.equal(bearerToken(request({ authorization: 'Token tok' })), undefined);
  assert.equal(bearerToken(request({})), undefined);
});
