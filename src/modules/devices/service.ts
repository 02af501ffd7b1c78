import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Db, Executor } from '../../db/index.js';
import type { Brand } from '../brands/service.js';
import { findBrandById } from '../brands/service.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import { decrypt, encrypt, safeEqual, sha256Hex } from '../../lib/crypto.js';
import { isoTime as iso } from '../../lib/dates.js';
import { DuarError } from '../../lib/errors.js';
import { keyFamily } from '../api-keys/key-format.js';
import { getSenderIds } from '../sms/senders.js';
import { isSmsProvider, PROVIDER_LABELS, type SmsProvider } from '../sms/providers.js';
import { listMethodSettings } from '../gateways/settings.js';
import { phoneReachability } from './reachability.js';
import * as repo from './repository.js';

/** Device keys: the API-key machinery (modules/api-keys/key-format.ts) under their own prefix, so neither passes for the other. */
export const deviceKeys = keyFamily('duardev_', 'dev');
export const DEVICE_KEY_HEADER = 'X-Device-Key';

/** The body template of *Incoming SMS to URL Forwarder* (its own default, which Duar reads as is). */
export const FORWARDER_BODY_TEMPLATE = '{"from":"%from%","text":"%text%","sentStamp":%sentStamp%,"receivedStamp":%receivedStamp%,"sim":"%sim%"}';

export const createDeviceInput = z.strictObject({ name: z.string().trim().min(1).max(100) });
export type CreateDeviceInput = z.output<typeof createDeviceInput>;

export function deviceView(row: repo.DeviceRow) {
  return {
    id: row.id,
    name: row.name,
    hint: row.hint,
    status: row.revoked_at === null ? ('active' as const) : ('revoked' as const),
    created_at: iso(row.created_at),
    revoked_at: iso(row.revoked_at),
    last_seen_at: iso(row.last_seen_at),
    last_seen_ip: row.last_seen_ip,
    sms_count: Number(row.sms_count),
  };
}
export type DeviceView = ReturnType<typeof deviceView>;

export function ingestUrl(publicUrl: string, brand: Brand): string {
  return `${publicUrl}/${brand.slug}/api/device/sms`;
}

/** Where phones send, and why a phone may not reach it (docs/decisions/032-phone-setup-says-why-not.md). */
export function deviceEndpoint(publicUrl: string, brand: Brand) {
  const url = ingestUrl(publicUrl, brand);
  return { webhook_url: url, url_warning: phoneReachability(url) };
}

/**
 * One forwarding rule per wallet the brand has enabled for payments, with that wallet's sender IDs: messages of a
 * wallet the brand does not take payments with, OTPs and personal messages never leave the phone.
 */
export async function forwardingRules(db: Executor, brand: Brand): Promise<{ provider: SmsProvider; wallet: string; sender_ids: string[] }[]> {
  const [senders, methods] = await Promise.all([getSenderIds(db, brand.id), listMethodSettings(db, brand.id)]);
  return methods
    .filter((m) => m.enabled)
    .flatMap((m) => (isSmsProvider(m.method) ? [{ provider: m.method, wallet: PROVIDER_LABELS[m.method], sender_ids: senders[m.method] }] : []))
    .filter((rule) => rule.sender_ids.length > 0);
}

/**
 * What the merchant types into the forwarder app, and the same as one QR payload. Only the create response carries
 * it, because it contains the key.
 */
export async function deviceSetup(db: Executor, publicUrl: string, brand: Brand, device: repo.DeviceRow, key: string) {
  const { webhook_url: url, url_warning } = deviceEndpoint(publicUrl, brand);
  const rules = await forwardingRules(db, brand);
  const headers = { 'User-agent': 'SMS Forwarder App', [DEVICE_KEY_HEADER]: key };
  const setup = {
    app: 'Incoming SMS to URL Forwarder',
    url,
    method: 'POST',
    header_name: DEVICE_KEY_HEADER,
    header_value: key,
    headers_json: JSON.stringify(headers),
    body_template: FORWARDER_BODY_TEMPLATE,
    /** Every sender ID of the rules, in one list. */
    senders: rules.flatMap((r) => r.sender_ids),
    rules,
    url_warning,
    sms_gateway_for_android: { webhook_url: `${url}?device=${device.id}`, event: 'sms:received', signing_key: key },
  };
  return { ...setup, qr_payload: JSON.stringify({ duar: 1, url, headers, body: FORWARDER_BODY_TEMPLATE, senders: setup.senders }) };
}

/** The create answer: the device, its key (the only time it leaves Duar) and the phone's setup. */
export type DeviceCreatedView = Awaited<ReturnType<typeof createDevice>>;

export async function createDevice(db: Db, appKey: Buffer, publicUrl: string, brand: Brand, input: CreateDeviceInput, actor: Actor) {
  const now = Date.now();
  const generated = deviceKeys.generate();
  const row: repo.DeviceRow = {
    id: generated.id,
    brand_id: brand.id,
    name: input.name,
    key_digest: generated.digest,
    key_ciphertext: encrypt(appKey, generated.plaintext),
    hint: generated.hint,
    created_at: now,
    revoked_at: null,
    last_seen_at: null,
    last_seen_ip: null,
    sms_count: 0,
  };
  await db.transaction().execute(async (trx) => {
    await repo.insertDevice(trx, row);
    await recordAudit(trx, { brandId: brand.id, actor, action: 'device.created', targetId: row.id, changes: { name: row.name, hint: row.hint } });
  });
  return { device: deviceView(row), key: generated.plaintext, setup: await deviceSetup(db, publicUrl, brand, row, generated.plaintext) };
}

export async function getDevice(db: Executor, brand: Brand, id: string): Promise<repo.DeviceRow> {
  const row = await repo.findDevice(db, id, brand.id);
  if (!row) throw new DuarError('device_not_found', `No device "${id}" in brand "${brand.slug}"`);
  return row;
}

export async function listDeviceViews(db: Executor, brand: Brand): Promise<DeviceView[]> {
  return (await repo.listDevices(db, brand.id)).map(deviceView);
}

/** Revoking is for good: the phone's next request is refused. Revoking twice changes nothing. */
export async function revokeDevice(db: Db, brand: Brand, id: string, actor: Actor): Promise<DeviceView> {
  return db.transaction().execute(async (trx) => {
    const row = await getDevice(trx, brand, id);
    const now = Date.now();
    if (await repo.revokeDevice(trx, id, now)) {
      await recordAudit(trx, { brandId: brand.id, actor, action: 'device.revoked', targetId: id, changes: { name: row.name, hint: row.hint } });
      return deviceView({ ...row, revoked_at: now });
    }
    return deviceView(row);
  });
}

export type AuthenticatedDevice = { device: repo.DeviceRow; brand: Brand };

const INVALID = 'The device key is not valid';

function usable(row: repo.DeviceRow | undefined): repo.DeviceRow {
  if (!row) throw new DuarError('invalid_device_key', INVALID);
  if (row.revoked_at !== null)
    throw new DuarError('device_revoked', 'This device was disconnected in Brand Settings → Devices; connect it again to get a new key');
  return row;
}

async function withBrand(db: Executor, device: repo.DeviceRow, addressedBrand: Brand | undefined): Promise<AuthenticatedDevice> {
  // A device of another brand than the URL names is refused exactly like an unknown key.
  if (addressedBrand && addressedBrand.id !== device.brand_id) throw new DuarError('invalid_device_key', INVALID);
  const brand = addressedBrand ?? (await findBrandById(db, device.brand_id));
  if (!brand) throw new DuarError('invalid_device_key', INVALID);
  return { device, brand };
}

/** A presented device key: checksum first (no database access for garbage), then the row, compared in constant time. */
export async function authenticateDeviceKey(db: Executor, presented: string, addressedBrand?: Brand): Promise<AuthenticatedDevice> {
  const parsed = deviceKeys.parse(presented);
  if (!parsed) throw new DuarError('invalid_device_key', INVALID);
  const row = await repo.findDevice(db, parsed.id);
  if (!safeEqual(sha256Hex(presented), row?.key_digest ?? '0'.repeat(64)) || !row) throw new DuarError('invalid_device_key', INVALID);
  return withBrand(db, usable(row), addressedBrand);
}

/**
 * SMS Gateway for Android cannot send custom headers; it signs each webhook with `X-Signature` = hex
 * HMAC-SHA256(signing key, raw body + X-Timestamp). The device's key is its signing key, so a valid signature
 * authenticates the device named in the URL's `device` parameter.
 */
export async function authenticateDeviceSignature(
  db: Executor,
  appKey: Buffer,
  input: { deviceId: string; rawBody: Buffer; timestamp: string; signature: string },
  addressedBrand?: Brand,
): Promise<AuthenticatedDevice> {
  const row = /^dev_[0-9A-Za-z]{16}$/.test(input.deviceId) ? await repo.findDevice(db, input.deviceId) : undefined;
  const key = row ? decrypt(appKey, row.key_ciphertext) : 'no device';
  const expected = createHmac('sha256', key)
    .update(Buffer.concat([input.rawBody, Buffer.from(input.timestamp, 'utf8')]))
    .digest('hex');
  if (!safeEqual(expected, input.signature.trim().toLowerCase()) || !row)
    throw new DuarError('invalid_signature', 'The X-Signature does not match this device’s signing key');
  return withBrand(db, usable(row), addressedBrand);
}

export function recordDeviceUse(db: Executor, deviceId: string, ip: string | null, messages: number): Promise<void> {
  return repo.recordDeviceUse(db, deviceId, Date.now(), ip, messages);
}

/** The brand a device belongs to, for commands that name only the device. */
export async function brandOfDevice(db: Executor, id: string): Promise<Brand> {
  const row = await repo.findDevice(db, id);
  const brand = row && (await findBrandById(db, row.brand_id));
  if (!brand) throw new DuarError('device_not_found', `No device "${id}"`);
  return brand;
}

export { hasActiveDevice } from './repository.js';
