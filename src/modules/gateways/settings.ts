import { z } from 'zod';
import type { Insertable, Selectable } from '../../db/kysely.js';
import type { Db, Executor } from '../../db/index.js';
import { changedFields, recordAudit, type Actor } from '../audit/audit.js';
import type { PaymentMethodsTable } from '../../db/tables/payments.js';
import { DuarError } from '../../lib/errors.js';
import { fail, fieldErrors, numberField, type FieldError } from '../../lib/validation.js';
import { isoTime } from '../../lib/dates.js';
import { formatAmount, formatDecimal, TYPED_AMOUNT } from '../../lib/money.js';
import { FEE_BEARERS, type FeeBearer } from '../payments/pricing.js';
import { CREDIT_KINDS, DEFAULT_ACCEPTED_KINDS, isCreditKind, type CreditKind } from '../sms/providers.js';
import { ACCOUNT_TYPES, normalizeMobileNumber, type AccountType } from './manual-wallets.js';
import { METHOD_IDS, isMethodId, providers, type MethodId } from './index.js';

/** A brand's configuration of one method, with defaults applied for a method never configured. */
export type MethodSettings = {
  method: MethodId;
  enabled: boolean;
  accountNumber: string | null;
  accountType: AccountType | null;
  instructions: string | null;
  /** The instructions in Bangla (migration 020); either alone is shown as written on both languages' pages. */
  instructionsBn: string | null;
  /** Automatic verification: paisa a forwarded SMS may show above the due, and the credit kinds that can pay. */
  smsTolerance: number;
  smsCreditKinds: CreditKind[];
  /** The method's fee (payments/pricing.ts): fixed paisa plus hundredths of a percent of the BDT amount, and who bears it. */
  feeFixed: number;
  feePercent: number;
  feeBearer: FeeBearer;
  /** The BDT amounts (paisa, before any fee) the method takes; null = no bound. */
  minAmount: number | null;
  maxAmount: number | null;
  updatedAt: number | null;
};

const NO_FEE_NO_LIMITS = { feeFixed: 0, feePercent: 0, feeBearer: 'merchant', minAmount: null, maxAmount: null } as const;

/**
 * Sandbox has no switch: it is the method of test payments (checkouts made with a test key) and is never offered on a
 * live one, so it always reads as enabled. Wallets are off until the merchant enters a number.
 */
function defaults(method: MethodId): MethodSettings {
  return {
    method,
    enabled: method === 'sandbox',
    accountNumber: null,
    accountType: null,
    instructions: null,
    instructionsBn: null,
    smsTolerance: 0,
    smsCreditKinds: [...DEFAULT_ACCEPTED_KINDS],
    ...NO_FEE_NO_LIMITS,
    updatedAt: null,
  };
}

function fromRow(row: Selectable<PaymentMethodsTable>): MethodSettings {
  return {
    method: row.method,
    enabled: row.enabled === 1,
    accountNumber: row.account_number,
    accountType: row.account_type,
    instructions: row.instructions,
    instructionsBn: row.instructions_bn,
    smsTolerance: Number(row.sms_tolerance),
    smsCreditKinds: row.sms_credit_kinds === null ? [...DEFAULT_ACCEPTED_KINDS] : row.sms_credit_kinds.split(',').filter(isCreditKind),
    feeFixed: Number(row.fee_fixed),
    feePercent: Number(row.fee_percent),
    feeBearer: row.fee_bearer,
    minAmount: row.min_amount === null ? null : Number(row.min_amount),
    maxAmount: row.max_amount === null ? null : Number(row.max_amount),
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

/** A fee may be at most 10% (in hundredths of a percent). */
const MAX_FEE_PERCENT = 1000;

/** A limit: an amount above 0, or null / blank for none. */
function boundField(field: string) {
  const amount = numberField(TYPED_AMOUNT, field);
  return z.unknown().transform((value, ctx) => {
    if (value === null || (typeof value === 'string' && value.trim() === '')) return null;
    const read = amount.safeParse(value);
    if (read.success) return read.data;
    fail(ctx, 'invalid_amount', `${field} must be an amount such as 500 or 25,000, or empty for no limit`);
    return z.NEVER;
  });
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
  instructions_bn: z.string().trim().max(1000).nullable().optional(),
  sms_tolerance: numberField({ ...TYPED_AMOUNT, min: 0 }, 'sms_tolerance').optional(),
  sms_credit_kinds: z
    .array(z.enum(CREDIT_KINDS, { error: `sms_credit_kinds may only hold ${CREDIT_KINDS.join(', ')}` }))
    .min(1, 'select at least one kind of credit')
    .optional(),
  // Fees and limits (docs/decisions/060-currencies-fees-and-rounding.md), typed as people type amounts.
  fee_fixed: numberField({ ...TYPED_AMOUNT, min: 0 }, 'fee_fixed').optional(),
  fee_percent: numberField({ style: 'typed', decimals: 2, min: 0, max: MAX_FEE_PERCENT, unit: 'percent' }, 'fee_percent').optional(),
  fee_bearer: z.enum(FEE_BEARERS, { error: `fee_bearer must be one of ${FEE_BEARERS.join(', ')}` }).optional(),
  min_amount: boundField('min_amount').optional(),
  max_amount: boundField('max_amount').optional(),
});
/** The payment method form's labels (Brand Settings → Payment methods), for messages that name its fields. */
export const methodFormLabels = {
  enabled: 'Offer on the checkout page',
  account_number: 'Wallet number',
  account_type: 'Account type',
  instructions: 'Instructions',
  instructions_bn: 'Instructions in Bangla',
  sms_tolerance: 'SMS tolerance',
  fee_fixed: 'Fixed fee',
  fee_percent: 'Percentage fee',
  fee_bearer: 'Who pays the fee',
  min_amount: 'Smallest amount',
  max_amount: 'Largest amount',
};
export type UpdateMethodInput = z.output<typeof updateMethodInput>;

/**
 * Upserts a brand's method configuration; a wallet can only be switched on with a number and account type to show.
 * The change (a new receiving number above all) is audited in the same transaction.
 */
export async function updateMethodSettings(db: Db, brandId: string, method: MethodId, input: UpdateMethodInput, actor: Actor): Promise<MethodSettings> {
  if (providers[method].kind === 'sandbox') {
    throw new DuarError(
      'invalid_request',
      'Sandbox has no settings: it is offered only on test payments (checkouts created with a test key) and never on live ones',
      { field: 'method' },
    );
  }
  return db.transaction().execute(async (trx) => {
    const current = await getMethodSettings(trx, brandId, method);
    const next: MethodSettings = {
      method,
      enabled: input.enabled ?? current.enabled,
      accountNumber: input.account_number ?? current.accountNumber,
      accountType: input.account_type ?? current.accountType,
      instructions: input.instructions === undefined ? current.instructions : input.instructions || null,
      instructionsBn: input.instructions_bn === undefined ? current.instructionsBn : input.instructions_bn || null,
      smsTolerance: input.sms_tolerance ?? current.smsTolerance,
      smsCreditKinds: input.sms_credit_kinds ? CREDIT_KINDS.filter((k) => input.sms_credit_kinds!.includes(k)) : current.smsCreditKinds,
      feeFixed: input.fee_fixed ?? current.feeFixed,
      feePercent: input.fee_percent ?? current.feePercent,
      feeBearer: input.fee_bearer ?? current.feeBearer,
      minAmount: input.min_amount === undefined ? current.minAmount : input.min_amount,
      maxAmount: input.max_amount === undefined ? current.maxAmount : input.max_amount,
      updatedAt: Date.now(),
    };
    if (next.minAmount !== null && next.maxAmount !== null && next.minAmount > next.maxAmount) {
      const field = input.max_amount !== undefined ? 'max_amount' : 'min_amount';
      const message = `${methodFormLabels.min_amount} (${formatAmount(next.minAmount)}) must not be more than ${methodFormLabels.max_amount} (${formatAmount(next.maxAmount)})`;
      throw fieldErrors('invalid_request', [{ field, message }]);
    }
    if (next.enabled && providers[method].kind === 'manual_wallet') {
      const missing: FieldError[] = [];
      const label = providers[method].label;
      if (!next.accountNumber) missing.push({ field: 'account_number', message: `${methodFormLabels.account_number} is required to turn on ${label}` });
      if (!next.accountType) missing.push({ field: 'account_type', message: `${methodFormLabels.account_type} is required to turn on ${label}` });
      if (missing.length > 0) throw fieldErrors('invalid_request', missing);
    }
    const row: Insertable<PaymentMethodsTable> = {
      brand_id: brandId,
      method,
      enabled: next.enabled ? 1 : 0,
      account_number: next.accountNumber,
      account_type: next.accountType,
      instructions: next.instructions,
      instructions_bn: next.instructionsBn,
      sms_tolerance: next.smsTolerance,
      sms_credit_kinds: next.smsCreditKinds.join(','),
      fee_fixed: next.feeFixed,
      fee_percent: next.feePercent,
      fee_bearer: next.feeBearer,
      min_amount: next.minAmount,
      max_amount: next.maxAmount,
      updated_at: next.updatedAt!,
    };
    await trx
      .insertInto('payment_methods')
      .values(row)
      .onConflict((oc) => oc.columns(['brand_id', 'method']).doUpdateSet({ ...row }))
      .execute();
    const changes = changedFields(current, next, [
      'enabled',
      'accountNumber',
      'accountType',
      'instructions',
      'instructionsBn',
      'smsTolerance',
      'smsCreditKinds',
      'feeFixed',
      'feePercent',
      'feeBearer',
      'minAmount',
      'maxAmount',
    ]);
    if (Object.keys(changes).length > 0) {
      const wire = Object.fromEntries(Object.entries(changes).map(([f, v]) => [f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
      await recordAudit(trx, { brandId, actor, action: 'payment_method.updated', targetId: method, changes: wire });
    }
    return next;
  });
}

export type MethodSettingsView = ReturnType<typeof methodSettingsView>;

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
    instructions_bn: s.instructionsBn,
    can_refund_through_gateway: p.refund !== undefined,
    sms_tolerance: formatAmount(s.smsTolerance),
    sms_credit_kinds: s.smsCreditKinds,
    fee_fixed: formatAmount(s.feeFixed),
    fee_percent: formatDecimal(s.feePercent, 2),
    fee_bearer: s.feeBearer,
    min_amount: s.minAmount === null ? null : formatAmount(s.minAmount),
    max_amount: s.maxAmount === null ? null : formatAmount(s.maxAmount),
    updated_at: isoTime(s.updatedAt),
  };
}
