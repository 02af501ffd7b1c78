import type { Db, Executor } from '../../db/index.js';
import { findBrandById, type Brand } from '../brands/service.js';
import { changedFields, recordAudit, type Actor } from '../audit/audit.js';
import { DuarError } from '../../lib/errors.js';
import { encrypt } from '../../lib/crypto.js';
import { toDayMonthYear, today } from '../../lib/dates.js';
import { serializeAbilities } from './abilities.js';
import { GRACE_PERIODS, type CreateKeyInput, type Grace, type UpdateKeyInput } from './inputs.js';
import { generateKey, type NewKey } from './key-format.js';
import * as repo from './repository.js';
import { keyView, type KeyView } from './view.js';

export { listApiKeyViews } from './list.js';

/** A key's lifecycle: created (its value shown once), read, edited, rolled to a new key, deleted. */

function assertNotPast(expiresOn: string | null | undefined, brand: Brand, now: number): void {
  if (expiresOn && expiresOn < today(brand.timezone, now)) {
    throw new DuarError(
      'date_in_past',
      `expires_at ${toDayMonthYear(expiresOn)} is in the past (today is ${toDayMonthYear(today(brand.timezone, now))} in ${brand.timezone})`,
      {
        field: 'expires_at',
      },
    );
  }
}

/** The columns of a key row that are new with its value: the secret, its hint, fresh timestamps, no use and no roll yet. */
function unusedKeyFields(appKey: Buffer, generated: NewKey, now: number) {
  return {
    key_digest: generated.digest,
    key_ciphertext: encrypt(appKey, generated.plaintext),
    hint: generated.hint,
    created_at: now,
    updated_at: now,
    last_used_at: null,
    last_used_ip: null,
    ends_at: null,
    rolled_to_id: null,
    first_used_at: null,
  } satisfies Partial<repo.ApiKeyRow>;
}

/** What the audit log records of a created key: its settings and hint, never its value. */
function createdChanges(view: KeyView) {
  const { name, abilities, expires_at, is_active, hint, mode, note, allowed_ips, rate_limit_per_minute } = view;
  return { name, abilities, expires_at, is_active, hint, mode, note, allowed_ips, rate_limit_per_minute };
}

/** Creates a key; the returned `key` is the only time its value leaves Duar. */
export async function createApiKey(db: Db, appKey: Buffer, brand: Brand, input: CreateKeyInput, actor: Actor, now = Date.now()) {
  assertNotPast(input.expires_at, brand, now);
  const generated = generateKey(input.mode ?? 'live');
  const row: repo.ApiKeyRow = {
    id: generated.id,
    brand_id: brand.id,
    name: input.name,
    abilities: serializeAbilities(input.abilities),
    expires_on: input.expires_at ?? null,
    is_active: input.is_active ? 1 : 0,
    mode: input.mode ?? 'live',
    note: input.note ?? null,
    allowed_ips: JSON.stringify(input.allowed_ips ?? []),
    rate_limit_per_minute: input.rate_limit_per_minute ?? null,
    ...unusedKeyFields(appKey, generated, now),
  };
  const view = keyView(row, brand, now);
  await db.transaction().execute(async (trx) => {
    await repo.insertApiKey(trx, row);
    await recordAudit(trx, { brandId: brand.id, actor, action: 'api_key.created', targetId: row.id, changes: createdChanges(view) });
  });
  return { apiKey: view, key: generated.plaintext };
}

export async function getApiKey(db: Executor, brand: Brand, id: string): Promise<repo.ApiKeyRow> {
  const row = await repo.findApiKey(db, id, brand.id);
  if (!row) throw new DuarError('api_key_not_found', `No API key "${id}" in brand "${brand.slug}"`);
  return row;
}

/** Edits name, abilities, expiry and active status; the key value and its digest never change. */
export async function updateApiKey(db: Db, brand: Brand, id: string, input: UpdateKeyInput, actor: Actor): Promise<KeyView> {
  const now = Date.now();
  return db.transaction().execute(async (trx) => {
    const before = await getApiKey(trx, brand, id);
    const next: repo.ApiKeyRow = {
      ...before,
      name: input.name ?? before.name,
      abilities: input.abilities ? serializeAbilities(input.abilities) : before.abilities,
      expires_on: input.expires_at === undefined ? before.expires_on : input.expires_at,
      is_active: input.is_active === undefined ? before.is_active : input.is_active ? 1 : 0,
      note: input.note === undefined ? before.note : input.note,
      allowed_ips: input.allowed_ips === undefined ? before.allowed_ips : JSON.stringify(input.allowed_ips),
      rate_limit_per_minute: input.rate_limit_per_minute === undefined ? before.rate_limit_per_minute : input.rate_limit_per_minute,
      updated_at: now,
    };
    if (next.expires_on !== before.expires_on) assertNotPast(next.expires_on, brand, now);

    const was = keyView(before, brand, now);
    const is = keyView(next, brand, now);
    const edited = changedFields(was, is, ['name', 'abilities', 'expires_at', 'note', 'allowed_ips', 'rate_limit_per_minute']);
    if (Object.keys(edited).length === 0 && was.is_active === is.is_active) return was;

    await repo.updateApiKey(trx, id, {
      name: next.name,
      abilities: next.abilities,
      expires_on: next.expires_on,
      is_active: next.is_active,
      note: next.note,
      allowed_ips: next.allowed_ips,
      rate_limit_per_minute: next.rate_limit_per_minute,
      updated_at: now,
    });
    if (Object.keys(edited).length > 0) {
      await recordAudit(trx, { brandId: brand.id, actor, action: 'api_key.updated', targetId: id, changes: edited });
    }
    if (was.is_active !== is.is_active) {
      await recordAudit(trx, {
        brandId: brand.id,
        actor,
        action: is.is_active ? 'api_key.activated' : 'api_key.deactivated',
        targetId: id,
        changes: { is_active: { from: was.is_active, to: is.is_active } },
      });
    }
    return is;
  });
}

export async function deleteApiKey(db: Db, brand: Brand, id: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await getApiKey(trx, brand, id);
    if ((await repo.deleteApiKey(trx, id)) === 0) throw new DuarError('api_key_not_found', `No API key "${id}" in brand "${brand.slug}"`);
    const { name, abilities, hint } = keyView(row, brand);
    await recordAudit(trx, { brandId: brand.id, actor, action: 'api_key.deleted', targetId: id, changes: { name, abilities, hint } });
  });
}

/**
 * Rolls a key: a new key with the same name, abilities, expiry, mode and settings, shown once; the old one keeps
 * working until the grace period ends and is then refused as expired. Guarded, so a key is rolled at most once.
 */
export async function rollApiKey(db: Db, appKey: Buffer, brand: Brand, id: string, grace: Grace, actor: Actor, now = Date.now()) {
  const generated = await db.transaction().execute(async (trx) => {
    const old = await getApiKey(trx, brand, id);
    if (old.rolled_to_id !== null) {
      throw new DuarError('api_key_already_rolled', `API key "${id}" has already been rolled to "${old.rolled_to_id}"; roll that key instead`, { field: 'id' });
    }
    const generated = generateKey(old.mode);
    const row: repo.ApiKeyRow = {
      ...old,
      id: generated.id,
      ...unusedKeyFields(appKey, generated, now),
    };
    const endsAt = now + GRACE_PERIODS[grace];
    await repo.insertApiKey(trx, row);
    // Guarded: of two concurrent rolls, only one finds the key unrolled.
    if ((await repo.markRolled(trx, id, generated.id, endsAt, now)) === 0) {
      throw new DuarError('api_key_already_rolled', `API key "${id}" has already been rolled; roll its new key instead`, { field: 'id' });
    }
    const view = keyView(row, brand, now);
    await recordAudit(trx, {
      brandId: brand.id,
      actor,
      action: 'api_key.rolled',
      targetId: id,
      changes: { rolled_to: generated.id, grace, ends_at: new Date(endsAt).toISOString(), hint: old.hint },
    });
    await recordAudit(trx, {
      brandId: brand.id,
      actor,
      action: 'api_key.created',
      targetId: generated.id,
      changes: { ...createdChanges(view), rolled_from: id },
    });
    return { view, plaintext: generated.plaintext };
  });
  return { apiKey: generated.view, key: generated.plaintext };
}

/** The brand's key names by id, so payment views name the key that created them (deleted keys are absent). */
export async function keyNamesById(db: Executor, brandId: string): Promise<Map<string, string>> {
  return new Map((await repo.listApiKeys(db, brandId)).map((k) => [k.id, k.name]));
}

/** The brand a key belongs to, for commands that name only the key. */
export async function brandOfApiKey(db: Executor, id: string): Promise<Brand> {
  const row = await repo.findApiKey(db, id);
  const brand = row && (await findBrandById(db, row.brand_id));
  if (!brand) throw new DuarError('api_key_not_found', `No API key "${id}"`);
  return brand;
}
