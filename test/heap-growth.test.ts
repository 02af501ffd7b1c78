import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heapGrowthFlag } from '../src/server.js';

test('serve bounds the heap growth unless Node was started with a growth of its own', () => {
  assert.equal(heapGrowthFlag([]), '--heap-growing-percent=20');
  assert.equal(heapGrowthFlag(['--enable-source-maps', '--max-old-space-size=512']), '--heap-growing-percent=20');
  assert.equal(heapGrowthFlag(['--heap-growing-percent=200']), undefined);
  assert.equal(heapGrowthFlag(['--heap_growing_percent=10']), undefined);
});
