import type { Db } from '../../db/index.js';
import { DuarError } from '../../lib/errors.js';
import type { Brand } from '../brands/service.js';
import { createPayment } from '../payments/create.js';
import { defaultWebhookUrl } from '../webhooks/default-url.js';
import * as repo from './repository.js';
import { takesPayment } from './states.js';
import { invoiceUrl } from './view.js';

type CheckoutPlace = { publicUrl: string; ttlMinutes: number };

/** The invoice behind `/invoice/{public id}`; its brand decides the page's language and time zone. */
export async function publicInvoice(db: Db, publicId: string) {
  const inv = publicId.length <= 64 ? await repo.findInvoiceByPublicId(db, publicId) : undefined;
  // A draft is not the customer's yet: its page does not exist until it is sent.
  if (!inv || inv.status === 'draft') throw new DuarError('invoice_not_found', 'No such invoice');
  return inv;
}

/**
 * Pay ৳… on an invoice's page: an ordinary payment of exactly the total, the customer's name and e-mail prefilled,
 * metadata `{invoice, invoice_number}`, its IPN to the invoice's webhook_url else the brand's default, and the key that
 * created the invoice (if one did) as its key, so the IPN carries the legacy header for that key. Under the invoice's
 * row lock: a customer who presses Pay again while a checkout of theirs is still open (or submitted) goes back to it,
 * so one invoice is not paid twice by a double press. Only an open invoice takes a payment (409 otherwise).
 * Returns the checkout's invoice_id (the payment's public id on /payment/…).
 */
export async function payInvoice(db: Db, brand: Brand, publicId: string, place: CheckoutPlace): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const found = await repo.findInvoiceByPublicId(trx, publicId);
    const inv = found && (await repo.lockInvoice(trx, found.id));
    if (!inv || inv.status === 'draft') throw new DuarError('invoice_not_found', 'No such invoice');
    if (!takesPayment(inv.status)) throw new DuarError('invoice_not_payable', `Invoice ${inv.number} is ${inv.status} and takes no payment`);
    const now = Date.now();
    const open = await repo.openCheckoutOf(trx, inv.id, now);
    if (open) return open.invoice_id;
    const page = invoiceUrl(place.publicUrl, inv.public_id);
    const payment = await createPayment(
      trx,
      brand,
      { id: inv.api_key_id, mode: inv.livemode === 1 ? 'live' : 'test' },
      {
        variant: 'checkout-v2',
        fullName: inv.customer_name,
        email: inv.customer_email ?? '',
        amount: inv.total,
        currency: inv.currency,
        metadata: { invoice: inv.id, invoice_number: inv.number },
        redirectUrl: page,
        cancelUrl: page,
        returnType: 'GET',
        webhookUrl: inv.webhook_url ?? (await defaultWebhookUrl(trx, brand.id)),
      },
      place.ttlMinutes,
    );
    await repo.insertInvoicePayment(trx, inv.id, payment.id, now);
    return payment.invoice_id;
  });
}
