import { createHmac } from 'node:crypto';
import type { TestApp } from '../harness.js';
import type { Brand } from '../../src/modules/brands/service.js';
import { createDevice } from '../../src/modules/devices/service.js';

/** A device of the brand, created through the service: its id and one-time key. */
export async function seedDevice(t: TestApp, brand: Brand = t.brand, name = 'Shop phone') {
  const created = await createDevice(t.db, t.appKey, t.config.publicUrl, brand, { name }, { label: 'test', ip: null });
  return { id: created.device.id, key: created.key, setup: created.setup };
}

/** `dd/mm/yyyy HH:MM` as a wallet writes the time `ms` in Asia/Dhaka. */
export function dhakaTime(ms = Date.now()): string {
  const d = new Date(ms + 6 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

const tk = (paisa: number) => (paisa / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A real-format bKash "money received" message (amounts in paisa). */
export function bkashSms(o: { amount: number; balance: number; trx: string; from?: string; ref?: string; at?: number }): string {
  const ref = o.ref === undefined ? '' : ` Ref ${o.ref}.`;
  return `You have received Tk ${tk(o.amount)} from ${o.from ?? '01812345678'}.${ref} Fee Tk 0.00. Balance Tk ${tk(o.balance)}. TrxID ${o.trx} at ${dhakaTime(o.at)}`;
}

/** POSTs a forwarder body with the device key; `url` defaults to the brand-less path. */
export function forward(t: TestApp, key: string | null, body: unknown, opts: { url?: string; headers?: Record<string, string>; raw?: string } = {}) {
  return t.app.inject({
    method: 'POST',
    url: opts.url ?? '/api/device/sms',
    headers: { 'content-type': 'application/json; charset=utf-8', ...(key ? { 'x-device-key': key } : {}), ...opts.headers },
    payload: opts.raw ?? JSON.stringify(body),
  });
}

/** The forwarder app's default body for one SMS. */
export function forwarderBody(from: string, text: string, sim = 'sim1') {
  return { from, text, sentStamp: Date.now(), receivedStamp: Date.now() + 1234, sim };
}

/** SMS Gateway for Android: the `sms:received` envelope with its `X-Signature` over raw body + X-Timestamp. */
export function gatewayRequest(signingKey: string, from: string, text: string, simNumber: number | null = 1) {
  const raw = JSON.stringify({
    deviceId: 'ffffffffceb0b1db0000018e937c815b',
    event: 'sms:received',
    id: 'Ey6ECgOkVVFjz3CL48B8C',
    payload: { messageId: 'abc', message: text, phoneNumber: from, simNumber, receivedAt: new Date().toISOString() },
    webhookId: 'LreFUt-Z3sSq0JufY9uWB',
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', signingKey)
    .update(raw + timestamp)
    .digest('hex');
  return { raw, headers: { 'x-signature': signature, 'x-timestamp': timestamp } };
}
