import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, show, type TestApp } from '../harness.js';
import { createBrand } from '../../src/modules/brands/service.js';
import { revokeDevice } from '../../src/modules/devices/service.js';
import { FailureLimiter } from '../../src/http/plugins/failure-limiter.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bkashSms, forward, forwarderBody, gatewayRequest, seedDevice } from './support.js';

const OTP = '<#> Your bKash verification code is 603872. It expires in 2 minutes.';

for (const dialect of dialects) {
  describe(`${dialect}: POST /api/device/sms`, () => {
    let t: TestApp;
    let device: Awaited<ReturnType<typeof seedDevice>>;
    before(async () => {
      t = await buildTestApp(dialect, {}, { limiter: new FailureLimiter(1000, 60_000) });
      device = await seedDevice(t);
    });
    after(() => t.close());

    test('takes the forwarder app body, stores the credit once, and records the device as seen', async () => {
      const text = bkashSms({ amount: 10000, balance: 50000, trx: 'ING0000001' });
      const res = await forward(t, device.key, forwarderBody('bKash', text));
      assert.equal(res.statusCode, 200, show(res));
      const [r] = res.json().results;
      assert.equal(r.status, 'approved', show(res));
      assert.equal(r.reason, 'first_credit');
      assert.equal(r.provider, 'bkash');
      assert.equal(r.trx_id, 'ING0000001');
      const row = await t.db.selectFrom('sms_messages').selectAll().where('id', '=', r.sms_id).executeTakeFirstOrThrow();
      assert.equal(Number(row.amount), 10000);
      assert.equal(row.wallet, `${device.id}:sim1`);
      assert.equal(row.payer, '01812345678');
      const again = await forward(t, device.key, { ...forwarderBody('bKash', text), sentStamp: String(Date.now()), receivedStamp: String(Date.now()) });
      assert.equal(again.statusCode, 200, show(again));
      assert.deepEqual([again.json().results[0].status, again.json().results[0].reason], ['duplicate', 'same_message']);
      const count = await t.db
        .selectFrom('sms_messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('trx_id', '=', 'ING0000001')
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1);
      const dev = await t.db.selectFrom('devices').selectAll().where('id', '=', device.id).executeTakeFirstOrThrow();
      assert.ok(dev.last_seen_at, 'last seen recorded');
      assert.equal(Number(dev.sms_count), 2);
    });

    test('the same TrxID with another text is a duplicate, not a second record', async () => {
      const text = bkashSms({ amount: 10000, balance: 60000, trx: 'ING0000001', ref: 'changed' });
      const res = await forward(t, device.key, forwarderBody('bKash', text));
      assert.deepEqual([res.json().results[0].status, res.json().results[0].reason], ['duplicate', 'trx_already_stored'], show(res));
    });

    test('a batch answers each message: ignored OTP, unknown sender, malformed entry, credit', async () => {
      const res = await forward(t, device.key, {
        messages: [
          forwarderBody('bKash', OTP),
          forwarderBody('01799999999', bkashSms({ amount: 10000, balance: 60000, trx: 'ING0000002' })),
          { from: 'bKash' },
          forwarderBody('bKash', bkashSms({ amount: 10000, balance: 60000, trx: 'ING0000003' })),
        ],
      });
      assert.equal(res.statusCode, 200, show(res));
      assert.deepEqual(
        res.json().results.map((r: { status: string; reason: string }) => `${r.status}:${r.reason}`),
        ['ignored:not_a_credit', 'ignored:unknown_sender', 'error:malformed', 'approved:balance_continues'],
      );
      const stored = await t.db.selectFrom('sms_messages').select('trx_id').where('trx_id', '=', 'ING0000002').execute();
      assert.equal(stored.length, 0, 'a message from an unknown sender is not stored');
    });

    test('a copied message whose balance does not continue the chain waits for review', async () => {
      const res = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 10000, balance: 999900, trx: 'ING0000004' })));
      assert.deepEqual([res.json().results[0].status, res.json().results[0].reason], ['awaiting_review', 'balance_mismatch'], show(res));
    });

    test('balance chain: messages arriving out of order approve themselves when the gap closes', async () => {
      const sim = 'sim2';
      const first = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 1000, balance: 100000, trx: 'CHN0000001' }), sim));
      assert.equal(first.json().results[0].status, 'approved', show(first));
      const third = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 3000, balance: 105000, trx: 'CHN0000003' }), sim));
      assert.equal(third.json().results[0].status, 'awaiting_review', show(third));
      const fourth = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 1000, balance: 106000, trx: 'CHN0000004' }), sim));
      assert.equal(fourth.json().results[0].status, 'awaiting_review', show(fourth));
      const second = await forward(t, device.key, forwarderBody('bKash', bkashSms({ amount: 2000, balance: 102000, trx: 'CHN0000002' }), sim));
      assert.equal(second.json().results[0].status, 'approved', show(second));
      const rows = await t.db.selectFrom('sms_messages').select(['trx_id', 'status', 'reason']).where('trx_id', 'like', 'CHN%').orderBy('trx_id').execute();
      assert.deepEqual(
        rows.map((r) => `${r.trx_id}:${r.status}`),
        ['CHN0000001:approved', 'CHN0000002:approved', 'CHN0000003:approved', 'CHN0000004:approved'],
      );
      assert.equal(rows[2]!.reason, 'chain_closed');
      const wallet = await t.db.selectFrom('sms_wallets').selectAll().where('wallet', '=', `${device.id}:sim2`).executeTakeFirstOrThrow();
      assert.equal(Number(wallet.balance), 106000);
    });

    test('an unknown format from a wallet sender is kept for review; promotions are ignored', async () => {
      const res = await forward(t, device.key, {
        messages: [
          forwarderBody('NAGAD', 'Payment - Bangla QR Successfully Received. \n Amount: Tk 1.00 \n Txn ID: 0001U735'),
          forwarderBody(
            'NAGAD',
            'Congrats! You have received BDT 25 for Nagad Registration. Stay with Nagad for more offers.\nTxnID: TESTCBON\n18/02/2020 22:39',
          ),
        ],
      });
      assert.deepEqual(
        res.json().results.map((r: { status: string }) => r.status),
        ['awaiting_review', 'ignored'],
        show(res),
      );
    });

    test('SMS Gateway for Android: a valid X-Signature authenticates the device named in the URL', async () => {
      const { raw, headers } = gatewayRequest(device.key, 'bKash', bkashSms({ amount: 500, balance: 500, trx: 'GTW0000001' }), 3);
      const res = await forward(t, null, null, { url: `/default/api/device/sms?device=${device.id}`, raw, headers });
      assert.equal(res.statusCode, 200, show(res));
      assert.equal(res.json().results[0].status, 'approved');
      const row = await t.db.selectFrom('sms_messages').select('wallet').where('trx_id', '=', 'GTW0000001').executeTakeFirstOrThrow();
      assert.equal(row.wallet, `${device.id}:sim3`, 'one chain per SIM slot');
      const tampered = await forward(t, null, null, { url: `/api/device/sms?device=${device.id}`, raw: raw.replace('GTW0000001', 'GTW0000009'), headers });
      assert.equal(tampered.statusCode, 401, show(tampered));
      assert.equal(tampered.json().code, 'invalid_signature');
      const noDevice = await forward(t, null, null, { raw, headers });
      assert.equal(noDevice.json().code, 'invalid_signature', show(noDevice));
      const other = gatewayRequest('duardev_wrongkey', 'bKash', 'x');
      const wrongKey = await forward(t, null, null, { url: `/api/device/sms?device=${device.id}`, raw: other.raw, headers: other.headers });
      assert.equal(wrongKey.statusCode, 401, show(wrongKey));
    });

    test('other SMS Gateway events are acknowledged with no results', async () => {
      const res = await forward(t, device.key, { event: 'system:ping', payload: {} });
      assert.equal(res.statusCode, 200, show(res));
      assert.deepEqual(res.json().results, []);
    });

    test('refuses a missing, malformed or foreign key, a revoked device and another brand’s device', async () => {
      const text = bkashSms({ amount: 100, balance: 100, trx: 'SEC0000001' });
      const missing = await forward(t, null, forwarderBody('bKash', text));
      assert.deepEqual([missing.statusCode, missing.json().code], [401, 'missing_device_key'], show(missing));
      const garbage = await forward(t, 'duardev_nope', forwarderBody('bKash', text));
      assert.deepEqual([garbage.statusCode, garbage.json().code], [401, 'invalid_device_key'], show(garbage));
      const typo = await forward(t, device.key.slice(0, -1) + (device.key.endsWith('a') ? 'b' : 'a'), forwarderBody('bKash', text));
      assert.deepEqual([typo.statusCode, typo.json().code], [401, 'invalid_device_key'], show(typo));
      const inQuery = await forward(t, null, forwarderBody('bKash', text), { url: `/api/device/sms?key=${device.key}` });
      assert.equal(inQuery.statusCode, 400, show(inQuery));

      const other = await createBrand(t.db, { slug: `other-${dialect}`, name: 'Other', timezone: 'Asia/Dhaka', currency: 'BDT' }, { label: 'test', ip: null });
      const foreign = await seedDevice(t, other);
      const cross = await forward(t, foreign.key, forwarderBody('bKash', text), { url: '/default/api/device/sms' });
      assert.deepEqual([cross.statusCode, cross.json().code], [401, 'invalid_device_key'], show(cross));
      const own = await forward(t, foreign.key, forwarderBody('bKash', text), { url: `/other-${dialect}/api/device/sms` });
      assert.equal(own.statusCode, 200, show(own));
      const stored = await t.db.selectFrom('sms_messages').select('brand_id').where('trx_id', '=', 'SEC0000001').execute();
      assert.deepEqual(
        stored.map((s) => s.brand_id),
        [other.id],
        'stored only for the device’s own brand',
      );

      await revokeDevice(t.db, other, foreign.id, { label: 'test', ip: null });
      const revoked = await forward(t, foreign.key, forwarderBody('bKash', bkashSms({ amount: 100, balance: 200, trx: 'SEC0000002' })));
      assert.deepEqual([revoked.statusCode, revoked.json().code], [401, 'device_revoked'], show(revoked));
      assert.ok(!t.logs().includes(device.key), 'the key never reaches the log');
    });

    test('refuses a non-JSON, malformed or oversized body', async () => {
      const bad = await forward(t, device.key, null, { raw: '{"from":"bKash","text":' });
      assert.deepEqual([bad.statusCode, bad.json().code], [400, 'invalid_json'], show(bad));
      const notObject = await forward(t, device.key, null, { raw: '[1,2]' });
      assert.deepEqual([notObject.statusCode, notObject.json().code], [400, 'invalid_request'], show(notObject));
      const form = await t.app.inject({
        method: 'POST',
        url: '/api/device/sms',
        headers: { 'x-device-key': device.key, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'from=bKash&text=hi',
      });
      assert.deepEqual([form.statusCode, form.json().code], [415, 'unsupported_media_type'], show(form));
      const big = await forward(t, device.key, { from: 'bKash', text: 'x'.repeat(70 * 1024) });
      assert.deepEqual([big.statusCode, big.json().code], [413, 'payload_too_large'], show(big));
      const tooLong = await forward(t, device.key, forwarderBody('bKash', 'x'.repeat(5000)));
      assert.deepEqual(
        tooLong.json().results.map((r: { status: string }) => r.status),
        ['error'],
        show(tooLong),
      );
    });
  });

  test(`${dialect}: a chunked body over a real connection is read like any other`, async () => {
    const t = await buildTestApp(dialect);
    try {
      const device = await seedDevice(t);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.server.address() as AddressInfo;
      const body = JSON.stringify(forwarderBody('bKash', bkashSms({ amount: 100, balance: 100, trx: 'CHK0000001' })));
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            path: '/default/api/device/sms',
            method: 'POST',
            headers: { 'content-type': 'application/json; charset=utf-8', 'x-device-key': device.key },
          },
          (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode!, body: text }));
          },
        );
        req.on('error', reject);
        // No Content-Length: Node sends Transfer-Encoding: chunked, in pieces, as the forwarder's chunked mode does.
        for (let i = 0; i < body.length; i += 40) req.write(body.slice(i, i + 40));
        req.end();
      });
      assert.equal(answer.status, 200, answer.body);
      assert.equal(JSON.parse(answer.body).results[0].status, 'approved', answer.body);
    } finally {
      await t.close();
    }
  });

  test(`${dialect}: failed device authentications are throttled like API keys`, async () => {
    const t = await buildTestApp(dialect, {}, { limiter: new FailureLimiter(3, 60_000) });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await forward(t, 'duardev_bad', { from: 'a', text: 'b' })).statusCode, 401);
      const blocked = await forward(t, 'duardev_bad', { from: 'a', text: 'b' });
      assert.equal(blocked.statusCode, 429, show(blocked));
      assert.ok(Number(blocked.headers['retry-after']) > 0);
    } finally {
      await t.close();
    }
  });
}
