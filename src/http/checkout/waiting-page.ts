import type { PaymentRow } from '../../modules/payments/lookup.js';
import { contactCard, escapeHtml as e, header, layout, walletName, type PageInfo, type Shop } from './render.js';

/** A string as a JavaScript literal safe inside a <script> element. */
function scriptString(text: string): string {
  return JSON.stringify(text).replace(/</g, '\\u003c');
}

/**
 * How long the waiting page says "usually less than a minute": a forwarded SMS arrives within seconds, so after three
 * minutes from the submission the page says instead that the message has not come, that the payment is saved and in
 * the shop's approval list (an alert tells the shop), and that the customer need not pay again.
 */
export const WAITING_TOO_LONG_MS = 3 * 60_000;

/**
 * After a wallet submission that no forwarded SMS has confirmed yet (the brand has a connected device): the page asks
 * `/payment/{id}/status` every few seconds and, once the SMS completes the payment, says so and returns to the shop
 * as usual; a rejection reloads the page, which then shows the refusal and how to reach the shop. Without JavaScript,
 * or after 15 minutes, the button returns to the shop (the payment stays Pending there).
 */
export function waitingPage(page: PageInfo, shop: Shop, p: PaymentRow, nonce: string, now: number): string {
  const { t } = page.locale;
  const id = e(p.invoice_id);
  const wallet = p.payment_method ? walletName(t, p.payment_method) : t.waitingWallet;
  const left = (p.paid_at ?? p.updated_at) + WAITING_TOO_LONG_MS - now;
  const later = left > 0 ? `setTimeout(function(){if(box.className!=="ok")box.textContent=${scriptString(t.waitingLong(wallet))}},${left});` : '';
  const script = `(function(){var n=0,box=document.getElementById("wait");function done(){box.className="ok";box.textContent=${scriptString(t.received)};setTimeout(function(){location.href="/payment/${id}/return"},1500)}
function tick(){if(++n>300)return;fetch("/payment/${id}/status",{cache:"no-store"}).then(function(r){return r.json()}).then(function(s){if(s.status==="completed"){done()}else if(s.status!=="pending"){location.href="/payment/${id}"}else{setTimeout(tick,3000)}}).catch(function(){setTimeout(tick,5000)})}
${later}setTimeout(tick,2000)})();`;
  const text = left > 0 ? t.waiting(wallet) : t.waitingLong(wallet);
  return layout(
    page,
    t.titleWaiting(shop.name),
    `${header(page, shop, p)}<div class="card"><p id="wait" class="notice" role="status" aria-live="polite">${e(text)}</p>
<p class="muted">${e(t.trxLine(p.transaction_id ?? ''))}</p><a class="button" href="/payment/${id}/return">${e(t.returnToShop)}</a></div>${contactCard(page, shop)}`,
    nonce,
    script,
  );
}
