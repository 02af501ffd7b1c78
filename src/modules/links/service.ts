import type { Db, Executor } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import { expiryInstant, isoTime, toDayMonthYear, today } from '../../lib/dates.js';
import { newId, randomBase62 } from '../../lib/ids.js';
import { formatAmount } from '../../lib/money.js';
import { fieldErrors } from '../../lib/validation.js';
import { changedFields, recordAudit, type Actor } from '../audit/audit.js';
import type { Brand } from '../brands/service.js';
import { createPayment } from '../payments/create.js';
import type { PaymentRow } from '../payments/access.js';
import { defaultWebhookUrl } from '../webhooks/default-url.js';
import { amountProblems, DEFAULT_MIN_AMOUNT, type CreateLinkInput, type LinkField, type UpdateLinkInput } from './fields.js';
import * as repo from './repository.js';

/**
 * Payment links (PRODUCT.md §6): a page a merchant shares on Facebook or WhatsApp that makes an ordinary payment.
 * Stock is counted from the link's payments and their states, under the link's row lock, in the transaction that inserts
 * the payment (docs/decisions/120-payment-link-stock.md).
 */

export type LinkRow = repo.LinkRow;

/** Why a link takes no payment now; null when it does. */
export type Unavailable = 'inactive' | 'expired' | 'sold_out';

/** Pure: whether the link takes a payment at `now`, given the units its payments hold. */
export function unavailability(link: LinkRow, held: number, timeZone: string, now: number): Unavailable | null {
  if (link.active !== 1) return 'inactive';
  if (link.expires_on !== null && now >= expiryInstant(link.expires_on, timeZone)) return 'expired';
  if (link.quantity !== null && held >= link.quantity) return 'sold_out';
  return null;
}

export function linkUrl(publicUrl: string, brand: Pick<Brand, 'slug'>, slug: string): string {
  return `${publicUrl}/pay/${encodeURIComponent(brand.slug)}/${encodeURIComponent(slug)}`;
}

export function parseFields(link: Pick<LinkRow, 'fields'>): LinkField[] {
  return JSON.parse(link.fields) as LinkField[];
}

/** The admin view of a link (docs/admin-api.md). */
export function linkView(link: LinkRow, brand: Brand, publicUrl: string, stats: repo.LinkStats, now = Date.now()) {
  const money = (v: number | null) => (v === null ? null : formatAmount(v));
  return {
    id: link.id,
    slug: link.slug,
    url: linkUrl(publicUrl, brand, link.slug),
    title: link.title,
    description: link.description,
    title_bn: link.title_bn,
    description_bn: link.description_bn,
    amount_type: link.amount_type,
    amount: money(link.amount),
    min_amount: money(link.min_amount),
    max_amount: money(link.max_amount),
    currency: brand.currency,
    quantity: link.quantity,
    expires_at: link.expires_on === null ? null : toDayMonthYear(link.expires_on),
    active: link.active === 1,
    /** Null while the link takes payments; else why not (`inactive`, `expired`, `sold_out`). */
    unavailable: unavailability(link, stats.held, brand.timezone, now),
    redirect_url: link.redirect_url,
    webhook_url: link.webhook_url,
    fields: parseFields(link),
    stats: {
      /** Paid payments (completed, partially refunded or refunded). */
      payments: stats.payments,
      /** Charged minus refunded over those, in BDT. */
      collected: formatAmount(stats.collected),
      /** Units left: the quantity minus those sold and those reserved by open checkouts; null = unlimited. */
      remaining: link.quantity === null ? null : Math.max(0, link.quantity - stats.held),
    },
    created_at: isoTime(link.created_at),
    updated_at: isoTime(link.updated_at),
  };
}
export type LinkView = ReturnType<typeof linkView>;

async function viewOf(db: Executor, link: LinkRow, brand: Brand, publicUrl: string): Promise<LinkView> {
  const now = Date.now();
  const stats = await repo.linkStats(db, [link.id], now);
  return linkView(link, brand, publicUrl, stats.get(link.id)!, now);
}

function notFound(id: string, brand: Brand): DuarError {
  return new DuarError('payment_link_not_found', `No payment link "${id}" in brand "${brand.slug}"`);
}

function slugTaken(slug: string): DuarError {
  return fieldErrors('slug_taken', [{ field: 'slug', message: `Slug "${slug}" is already used by another payment link of this brand` }]);
}

function assertNotPast(expiresOn: string | null, brand: Brand, now: number): void {
  if (expiresOn !== null && expiresOn < today(brand.timezone, now)) {
    throw fieldErrors('date_in_past', [
      {
        field: 'expires_at',
        message: `Expires at ${toDayMonthYear(expiresOn)} is in the past (today is ${toDayMonthYear(today(brand.timezone, now))} in ${brand.timezone})`,
      },
    ]);
  }
}

/** A fixed link keeps no open bounds and an open one no price; an open link's minimum defaults to ৳1.00. */
function normalizeAmounts<T extends Pick<LinkRow, 'amount_type' | 'amount' | 'min_amount' | 'max_amount'>>(link: T): T {
  if (link.amount_type === 'fixed') return { ...link, min_amount: null, max_amount: null };
  return { ...link, amount: null, min_amount: link.min_amount ?? DEFAULT_MIN_AMOUNT };
}

export async function listLinkViews(db: Executor, brand: Brand, publicUrl: string, page: number, perPage: number) {
  const rows = await repo.listLinks(db, brand.id, perPage, (page - 1) * perPage);
  const now = Date.now();
  const stats = await repo.linkStats(
    db,
    rows.map((r) => r.id),
    now,
  );
  return { links: rows.map((r) => linkView(r, brand, publicUrl, stats.get(r.id)!, now)), total: await repo.countLinks(db, brand.id), page, per_page: perPage };
}

export async function getLinkView(db: Executor, brand: Brand, id: string, publicUrl: string): Promise<LinkView> {
  const link = await repo.findLink(db, brand.id, id);
  if (!link) throw notFound(id, brand);
  return viewOf(db, link, brand, publicUrl);
}

/** The audited fields: what a link shows and charges (not its stats). */
function audited(link: LinkRow) {
  const { id, brand_id, created_at, updated_at, ...rest } = link;
  return rest;
}

export async function createLink(db: Db, brand: Brand, input: CreateLinkInput, actor: Actor, publicUrl: string): Promise<LinkView> {
  const now = Date.now();
  assertNotPast(input.expires_at, brand, now);
  const row: LinkRow = normalizeAmounts({
    id: newId('plk'),
    brand_id: brand.id,
    slug: input.slug ?? randomBase62(8),
    title: input.title,
    description: input.description,
    title_bn: input.title_bn,
    description_bn: input.description_bn,
    amount_type: input.amount_type,
    amount: input.amount,
    min_amount: input.min_amount,
    max_amount: input.max_amount,
    quantity: input.quantity,
    expires_on: input.expires_at,
    active: input.active ? 1 : 0,
    redirect_url: input.redirect_url,
    webhook_url: input.webhook_url,
    fields: JSON.stringify(input.fields),
    created_at: now,
    updated_at: now,
  });
  await db.transaction().execute(async (trx) => {
    if (!(await repo.insertLink(trx, row))) throw slugTaken(row.slug);
    await recordAudit(trx, { brandId: brand.id, actor, action: 'payment_link.created', targetId: row.id, changes: audited(row) });
  });
  return viewOf(db, row, brand, publicUrl);
}

export async function updateLink(db: Db, brand: Brand, id: string, input: UpdateLinkInput, actor: Actor, publicUrl: string): Promise<LinkView> {
  const now = Date.now();
  const saved = await db.transaction().execute(async (trx) => {
    const before = await repo.lockLink(trx, brand.id, id);
    if (!before) throw notFound(id, brand);
    const pick = <K extends keyof UpdateLinkInput>(key: K) => input[key];
    const next: LinkRow = normalizeAmounts({
      ...before,
      title: pick('title') ?? before.title,
      description: pick('description') ?? before.description,
      title_bn: input.title_bn === undefined ? before.title_bn : input.title_bn,
      description_bn: input.description_bn === undefined ? before.description_bn : input.description_bn,
      amount_type: pick('amount_type') ?? before.amount_type,
      amount: input.amount === undefined ? before.amount : input.amount,
      min_amount: input.min_amount === undefined ? before.min_amount : input.min_amount,
      max_amount: input.max_amount === undefined ? before.max_amount : input.max_amount,
      quantity: input.quantity === undefined ? before.quantity : input.quantity,
      expires_on: input.expires_at === undefined ? before.expires_on : input.expires_at,
      active: input.active === undefined ? before.active : input.active ? 1 : 0,
      slug: input.slug === undefined || input.slug === null ? before.slug : input.slug,
      redirect_url: input.redirect_url === undefined ? before.redirect_url : input.redirect_url,
      webhook_url: input.webhook_url === undefined ? before.webhook_url : input.webhook_url,
      fields: input.fields === undefined ? before.fields : JSON.stringify(input.fields),
      updated_at: now,
    });
    const problems = amountProblems(next);
    if (problems.length > 0) throw fieldErrors('invalid_amount', problems);
    if (next.expires_on !== before.expires_on) assertNotPast(next.expires_on, brand, now);
    if (!(await repo.updateLink(trx, next))) throw slugTaken(next.slug);
    const changes = changedFields(audited(before), audited(next), Object.keys(audited(next)) as (keyof ReturnType<typeof audited>)[]);
    if (Object.keys(changes).length > 0) await recordAudit(trx, { brandId: brand.id, actor, action: 'payment_link.updated', targetId: id, changes });
    return next;
  });
  return viewOf(db, saved, brand, publicUrl);
}

/** Deletes a link: its page is gone (404); the payments it made stay, with the link named in their metadata. */
export async function deleteLink(db: Db, brand: Brand, id: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await repo.findLink(trx, brand.id, id);
    if (!before || !(await repo.deleteLink(trx, brand.id, id))) throw notFound(id, brand);
    await recordAudit(trx, { brandId: brand.id, actor, action: 'payment_link.deleted', targetId: id, changes: { slug: before.slug, title: before.title } });
  });
}

/** The link behind `/pay/{brand}/{slug}`, with its availability and remaining units now; unknown slugs are not found. */
export async function publicLink(db: Executor, brand: Brand, slug: string, now = Date.now()) {
  const link = await repo.findLinkBySlug(db, brand.id, slug);
  if (!link) throw new DuarError('payment_link_not_found', 'No such payment link');
  const held = link.quantity === null ? 0 : await repo.heldUnits(db, link.id, now);
  return { link, unavailable: unavailability(link, held, brand.timezone, now), remaining: link.quantity === null ? null : Math.max(0, link.quantity - held) };
}

export function unavailableError(reason: Unavailable): DuarError {
  switch (reason) {
    case 'inactive':
      return new DuarError('payment_link_inactive', 'This payment link is not taking payments');
    case 'expired':
      return new DuarError('payment_link_expired', 'This payment link has expired');
    case 'sold_out':
      return new DuarError('payment_link_sold_out', 'This payment link is sold out');
  }
}

/** What the customer typed on a link's page, already checked (amount in paisa of the brand's currency). */
export type LinkOrder = { amount: number; name: string; phone: string; email: string; answers: Record<string, string> };

type CheckoutPlace = { publicUrl: string; ttlMinutes: number };

/**
 * A payment through a link. Under the link's row lock, in one transaction: the link is re-read (active, not expired),
 * the units its payments hold are counted, and only while one is left the payment and its link row are inserted. A unit
 * is held by an open checkout until it expires, is canceled or fails, and kept by a paid one (ADR 120).
 */
export async function payThroughLink(db: Db, brand: Brand, linkId: string, order: LinkOrder, place: CheckoutPlace): Promise<PaymentRow> {
  return db.transaction().execute(async (trx) => {
    const now = Date.now();
    const link = await repo.lockLink(trx, brand.id, linkId);
    if (!link) throw new DuarError('payment_link_not_found', 'No such payment link');
    const held = link.quantity === null ? 0 : await repo.heldUnits(trx, link.id, now);
    const reason = unavailability(link, held, brand.timezone, now);
    if (reason) throw unavailableError(reason);
    const page = linkUrl(place.publicUrl, brand, link.slug);
    const payment = await createPayment(
      trx,
      brand,
      { id: null, mode: 'live' },
      {
        variant: 'checkout-v2',
        fullName: order.name,
        email: order.email,
        amount: order.amount,
        currency: null,
        metadata: { payment_link: link.id, payment_link_slug: link.slug, phone: order.phone, fields: order.answers },
        redirectUrl: link.redirect_url ?? page,
        cancelUrl: page,
        returnType: 'GET',
        // The link's own address, else the brand's default (Brand Settings → Webhooks).
        webhookUrl: link.webhook_url ?? (await defaultWebhookUrl(trx, brand.id)),
      },
      place.ttlMinutes,
    );
    await repo.insertLinkPayment(trx, link.id, payment.id, now);
    return payment;
  });
}

/** A payment through the brand's evergreen `/pay/{brand}` page: any amount, no stock, no link row. */
export async function payBrand(db: Db, brand: Brand, order: LinkOrder & { purpose: string }, place: CheckoutPlace): Promise<PaymentRow> {
  const page = `${place.publicUrl}/pay/${encodeURIComponent(brand.slug)}`;
  return createPayment(
    db,
    brand,
    { id: null, mode: 'live' },
    {
      variant: 'checkout-v2',
      fullName: order.name,
      email: order.email,
      amount: order.amount,
      currency: null,
      metadata: { payment_link: 'brand', phone: order.phone, fields: order.purpose === '' ? {} : { 'What for': order.purpose } },
      redirectUrl: page,
      cancelUrl: page,
      returnType: 'GET',
      webhookUrl: await defaultWebhookUrl(db, brand.id),
    },
    place.ttlMinutes,
  );
}
