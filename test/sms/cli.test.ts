import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, show, type TestApp } from '../harness.js';
import { runCli } from '../../src/cli.js';
import { bkashSms, forward, forwarderBody } from './support.js';

async function duar(t: TestApp, args: string[]) {
  const dbEnv = t.config.database.kind === 'postgres' ? { DATABASE_URL: t.config.database.url } : { DUAR_DATA_DIR: t.config.dataDir };
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env: { DUAR_APP_KEY: t.appKey.toString('base64'), LOG_LEVEL: 'silent', PUBLIC_URL: 'http://duar.test', ...dbEnv },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

for (const dialect of dialects) {
  test(`${dialect}: duar devices create|list|revoke and duar sms add`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const created = await duar(t, ['devices', 'create', '--brand', 'default', '--name', 'Counter phone', '--json']);
      assert.equal(created.code, 0, created.stderr);
      const { key, device, setup } = JSON.parse(created.stdout);
      assert.equal(setup.url, 'http://duar.test/default/api/device/sms');
      const ok = await forward(t, key, forwarderBody('bKash', bkashSms({ amount: 100, balance: 100, trx: 'CLI0000001' })));
      assert.equal(ok.statusCode, 200, show(ok));

      const text = await duar(t, ['devices', 'create', '--brand', 'default', '--name', 'Second']);
      assert.match(text.stdout, /shown only this once[\s\S]*duardev_[\s\S]*X-Device-Key/);

      const list = await duar(t, ['devices', 'list', '--brand', 'default']);
      assert.match(list.stdout, new RegExp(`${device.id} .* active .* 1 SMS {2}"Counter phone"`));
      assert.ok(!list.stdout.includes(key), 'the list never shows a key');

      const revoked = await duar(t, ['devices', 'revoke', device.id]);
      assert.equal(revoked.code, 0, revoked.stderr);
      assert.equal((await forward(t, key, forwarderBody('bKash', 'x'))).statusCode, 401);
      assert.equal((await duar(t, ['devices', 'revoke', 'dev_nope'])).code, 1);

      const added = await duar(t, [
        'sms',
        'add',
        '--brand',
        'default',
        '--from',
        'bKash',
        '--text',
        bkashSms({ amount: 5000, balance: 5000, trx: 'CLI0000002' }),
        '--json',
      ]);
      assert.equal(added.code, 0, added.stderr);
      assert.deepEqual([JSON.parse(added.stdout).status, JSON.parse(added.stdout).trx_id], ['approved', 'CLI0000002']);
      const fake = await duar(t, [
        'sms',
        'add',
        '--brand',
        'default',
        '--from',
        '01700000000',
        '--text',
        bkashSms({ amount: 5000, balance: 10000, trx: 'CLI0000003' }),
      ]);
      assert.match(fake.stdout, /^ignored {2}unknown_sender/);
      const missing = await duar(t, ['sms', 'add', '--brand', 'default', '--from', 'bKash']);
      assert.equal(missing.code, 2);
    } finally {
      await t.close();
    }
  });
}
