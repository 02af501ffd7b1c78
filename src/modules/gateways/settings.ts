import { z } from 'zod';
import type { Executor } from '../../db/index.js';
import type { PaymentMethodsTable } from '../../db/tables/payments.js';
import { DuarError } from '../../lib/errors.js';
import { fail } from '../../lib/validation.js';
import { ACCOUNT_TYPES, normalizeMobileNumber, type AccountType } from './manual-wallets.js';
import { METHOD_IDS, isMethodId, providers, type MethodId } from './index.js';

/** A brand's configuration of one method, with defaults applied for a method never configured. */
export type MethodSettings = {
  method: MethodId;
  enabled: boolean;
  accountNumber: string | null;
  accountType: AccountType | null;
  instructions: string | null;
  updatedAt: number | null;
};

/**
 * Sandbox has no switch: it is the method of test payments (checkouts made with a test key) and is never offered on a
 * live one, so it always reads as enabled. Wallets are off until the merchant enters a number.
 */
function defaults(method: MethodId): MethodSettings {
  return { method, enabled: method === 'sandbox', accountNumber: null, accountType: null, instructions: null, updatedAt: null };
}

function fromRow(row: PaymentMethodsTable): MethodSettings {
  return {
    method: row.method as MethodId,
    enabled: row.enabled === 1,
    accountNumber: row.account_number,
    accountType: row.account_type as AccountType | null,
    instructions: row.instructions,
    updatedAt: row.updated_at,
  };
}

/** All five methods for a brand, in checkout order. */
export async function listMethodSettings(db: Executor, brandId: string): Promise<MethodSettings[]> {
  const rows = await db.selectFrom('payment_methods').selectAll().where('brand_id', '=', brandId).execute();
  return METHOD_IDS.map((id) => {
    const row = rows.find((r) => r.method === id);
    return row ? fromRow(row) : defaults(id);
  });
}

export async function getMethodSettings(db: Executor, brandId: string, method: MethodId): Promise<MethodSettings> {
  const row = await db.selectFrom('payment_methods').selectAll().where('brand_id', '=', brandId).where('method', '=', method).executeTakeFirst();
  return row ? fromRow(row) : defaults(method);
}

export function parseMethodId(value: string): MethodId {
  const id = value.trim().toLowerCase();
  if (!isMethodId(id)) throw new DuarError('payment_method_not_found', `No payment method "${value}"; use one of ${METHOD_IDS.join(', ')}`);
  return id;
}

const accountNumber = z.string().transform((value, ctx) => {
  const normalized = normalizeMobileNumber(value);
  if (!normalized) {
    fail(ctx, 'invalid_request', 'account_number must be a Bangladeshi mobile number such as 01712345678');
    return z.NEVER;
  }
  return normalized;
});

export const updateMethodInput = z.strictObject({
  enabled: z.boolean().optional(),
  account_number: accountNumber.optional(),
  account_type: z.enum(ACCOUNT_TYPES, { error: `account_type must be one of ${ACCOUNT_TYPES.join(', ')}` }).optional(),
  instructions: z.string().trim().max(1000).nullable().optional(),
});
export type UpdateMethodInput = z.output<typeof updateMethodInput>;

/** Upserts a brand's method configuration; a wallet can only be switched on with a number and account type to show. */
export async function updateMethodSettings(db: Executor, brandId: string, method: MethodId, input: UpdateMethodInput): Promise<MethodSettings> {
  if (providers[method].kind === 'sandbox') {
    throw new DuarError(
      'invalid_request',
      'Sandbox has no settings: it is offered only on test payments (checkouts created with a test key) and never on live ones',
      { field: 'method' },
    );
  }
  const current = await getMethodSettings(db, brandId, method);
  const next: MethodSettings = {
    method,
    enabled: input.enabled ?? current.enabled,
    accountNumber: input.account_number ?? current.accountNumber,
    accountType: input.account_type ?? current.accountType,
    instructions: input.instructions === undefined ? current.instructions : input.instructions || null,
    updatedAt: Date.now(),
  };
  if (next.enabled && providers[method].kind === 'manual_wallet') {
    if (!next.accountNumber) throw new DuarError('invalid_request', `account_number is required to enable ${providers[method].label}`, { field: 'account_number' });
    if (!next.accountType) throw new DuarError('invalid_request', `account_type is required to enable ${providers[method].label}`, { field: 'account_type' });
  }
  const row: PaymentMethodsTable = {
    brand_id: brandId,
    method,
    enabled: next.enabled ? 1 : 0,
    account_number: next.accountNumber,
    account_type: next.accountType,
    instructions: next.instructions,
    updated_at: next.updatedAt!,
  };
  await db
    .insertInto('payment_methods')
    .values(row)
    .onConflict((oc) => oc.columns(['brand_id', 'method']).doUpdateSet({ ...row }))
    .execute();
  return next;
}

export function methodSettingsView(s: MethodSettings) {
  const p = providers[s.method];
  return {
    method: s.method,
    label: p.label,
    kind: p.kind,
    enabled: s.enabled,
    account_number: s.accountNumber,
    account_type: s.accountType,
    instructions: s.instructions,
    can_refund_through_gateway: p.refund !== undefined,
    updated_at: s.updatedAt === null ? null : new Date(s.updatedAt).toISOString(),
  };
}
