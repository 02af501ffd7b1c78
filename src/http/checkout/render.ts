import { displayMoney, displayRate } from '../../lib/money.js';
import { priceWith, takaAmountOf, type Price } from '../../modules/payments/pricing.js';
import { providers } from '../../modules/gateways/index.js';
import { walletAction } from '../../modules/gateways/manual-wallets.js';
import type { MethodSettings } from '../../modules/gateways/settings.js';
import { amountRange, type PaymentRow } from '../../modules/payments/service.js';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
const e = escapeHtml;

/** Small, inline and system-font only: the page must load fast on a phone on a weak connection, with no external assets. */
const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f4f6;color:#111827}
main{max-width:28rem;margin:0 auto;padding:1rem}.card{background:#fff;border-radius:12px;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.08);margin-bottom:1rem}
h1{font-size:1.1rem;margin:0 0 .25rem}.amount{font-size:2rem;font-weight:700;margin:.25rem 0}.muted{color:#6b7280;font-size:.875rem}
details{border:1px solid #e5e7eb;border-radius:10px;margin:.75rem 0}summary{cursor:pointer;padding:.9rem 1rem;font-weight:600;list-style:none}
summary::-webkit-details-marker{display:none}details[open] summary{border-bottom:1px solid #e5e7eb}.body{padding:1rem}
label{display:block;font-size:.875rem;margin:.75rem 0 .25rem}input{width:100%;padding:.7rem;font-size:1rem;border:1px solid #d1d5db;border-radius:8px}
button,.button{display:block;width:100%;padding:.8rem;margin-top:.75rem;font-size:1rem;font-weight:600;border:0;border-radius:8px;background:#2563eb;color:#fff;text-align:center;text-decoration:none;cursor:pointer}
button.secondary{background:#e5e7eb;color:#111827}.number{font-size:1.25rem;font-weight:700;letter-spacing:.05em}.error{background:#fef2f2;color:#991b1b;padding:.75rem;border-radius:8px}
.notice{background:#fffbeb;color:#92400e;padding:.75rem;border-radius:8px}.ok{background:#ecfdf5;color:#065f46;padding:.75rem;border-radius:8px}pre{white-space:pre-wrap;font:inherit;margin:.5rem 0}`;

export function layout(title: string, body: string, nonce?: string, script?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${e(title)}</title><style>${CSS}</style></head><body><main>${body}</main>${
    script && nonce ? `<script nonce="${nonce}">${script}</script>` : ''
  }</body></html>`;
}

/** Taka as the customer reads it (৳1,25,000.00): what they send. */
const taka = (paisa: number) => e(displayMoney(paisa));

/** The amount in BDT, and for a checkout in another currency what it was and the rate: "USD 10.00 = ৳1,225.00 (1 USD = ৳122.50)". */
function header(brandName: string, p: PaymentRow): string {
  const converted =
    p.currency === 'BDT'
      ? ''
      : `<div class="muted">${e(displayMoney(p.amount, p.currency))} = ${taka(takaAmountOf(p))} (1 ${e(p.currency)} = ${e(displayRate(p.exchange_rate))})</div>`;
  // Once a method with a customer-borne fee was chosen, what they were charged with it.
  const charged = p.payment_method ? priceLine(p, p, providers[p.payment_method].label) : '';
  return `<div class="card"><h1>${e(brandName)}</h1><div class="amount">${taka(takaAmountOf(p))}</div>${converted}${charged}<div class="muted">Invoice ${e(p.invoice_id)} · ${e(p.full_name)}</div></div>`;
}

/** A fee the customer bears, once the method is chosen: "৳1,000.00 + ৳23.50 bKash charge = ৳1,023.50". */
function priceLine(p: PaymentRow, price: Price, label: string): string {
  if (price.fee_bearer !== 'customer' || price.fee === 0) return '';
  return `<p class="notice" data-fee>${taka(takaAmountOf(p))} + ${taka(price.fee)} ${e(label)} charge = <b>${taka(price.charged_amount)}</b></p>`;
}

export type FormState = { method?: string; error?: string; senderNumber?: string; transactionId?: string };

function methodSection(p: PaymentRow, s: MethodSettings, form: FormState): string {
  const provider = providers[s.method];
  const open = form.method === s.method ? ' open' : '';
  const error = form.method === s.method && form.error ? `<p class="error" role="alert">${e(form.error)}</p>` : '';
  const price = priceWith(p, s);
  const charge = priceLine(p, price, provider.label);
  if (provider.kind === 'sandbox') {
    return `<details${open}><summary>${e(provider.label)}</summary><div class="body">${error}
<p class="notice">Test mode: no money moves. Choose the outcome to send back to the shop.</p>
<form method="post" action="/payment/${e(p.invoice_id)}/sandbox">
${charge}<button name="outcome" value="success">Pay ${taka(price.charged_amount)} — Success</button>
<button name="outcome" value="pending" class="secondary">Leave it Pending</button></form></div></details>`;
  }
  const type = s.accountType ?? 'personal';
  return `<details${open}><summary>${e(provider.label)}</summary><div class="body">${error}
${charge}<p>Open ${e(provider.label)} and use <b>${e(walletAction(type))}</b> to send <b>${taka(price.charged_amount)}</b> to this ${e(type)} number:</p>
<p class="number">${e(s.accountNumber ?? '')}</p>${s.instructions ? `<pre>${e(s.instructions)}</pre>` : ''}
<form method="post" action="/payment/${e(p.invoice_id)}/wallet/${e(s.method)}">
<label for="sn-${s.method}">Your ${e(provider.label)} number</label>
<input id="sn-${s.method}" name="sender_number" inputmode="tel" autocomplete="tel" required placeholder="01XXXXXXXXX" value="${e(form.method === s.method ? (form.senderNumber ?? '') : '')}">
<label for="tx-${s.method}">Transaction ID (TrxID)</label>
<input id="tx-${s.method}" name="transaction_id" autocapitalize="characters" autocomplete="off" required value="${e(form.method === s.method ? (form.transactionId ?? '') : '')}">
<button>Submit payment</button></form></div></details>`;
}

/** With every method outside its limits: which amounts each takes, instead of an empty list. */
function noMethodLeft(p: PaymentRow, outOfRange: MethodSettings[]): string {
  if (outOfRange.length === 0) return '<p class="notice">No payment method is available for this checkout. Please contact the shop.</p>';
  const ranges = outOfRange.map((m) => `<li>${e(providers[m.method].label)}: ${e(amountRange(m) ?? '')}</li>`).join('');
  return `<p class="notice" data-limits>No payment method takes ${taka(takaAmountOf(p))}. Please contact the shop. The methods take:</p><ul>${ranges}</ul>`;
}

export function checkoutPage(brandName: string, p: PaymentRow, methods: MethodSettings[], form: FormState = {}, outOfRange: MethodSettings[] = []): string {
  const list = methods.length ? methods.map((m) => methodSection(p, m, form)).join('') : noMethodLeft(p, outOfRange);
  // A refusal for a method the page no longer offers (switched off meanwhile) is shown above the list.
  const inline = form.method !== undefined && methods.some((m) => m.method === form.method);
  const generalError = form.error && !inline ? `<p class="error" role="alert">${e(form.error)}</p>` : '';
  return layout(
    `Pay ${brandName}`,
    `${header(brandName, p)}<div class="card">${generalError}<h1>Choose how to pay</h1>${list}
<form method="post" action="/payment/${e(p.invoice_id)}/cancel"><button class="secondary">Cancel and return to the shop</button></form></div>`,
  );
}

/** The page for a checkout that can no longer be paid, or that was paid (with the way back to the shop). */
export function statusPage(brandName: string, p: PaymentRow): string {
  const back = `<a class="button" href="/payment/${e(p.invoice_id)}/return">Return to the shop</a>`;
  const message = ((): string => {
    switch (p.status) {
      case 'completed':
      case 'partially_refunded':
      case 'refunded':
        return `<p class="ok">This payment is complete.</p>${back}`;
      case 'pending':
        return `<p class="notice">Your payment was received and is waiting for the shop to confirm it.</p>${back}`;
      case 'expired':
        return `<p class="error">This checkout has expired. Please start again from the shop.</p><a class="button" href="${e(p.cancel_url)}">Back to the shop</a>`;
      case 'canceled':
        return `<p class="error">This checkout was canceled.</p><a class="button" href="${e(p.cancel_url)}">Back to the shop</a>`;
      case 'failed':
        return `<p class="error">This payment was not accepted. Please contact the shop.</p><a class="button" href="${e(p.cancel_url)}">Back to the shop</a>`;
      case 'initiated':
        return '';
    }
  })();
  return layout(`${brandName} — payment`, `${header(brandName, p)}<div class="card">${message}</div>`);
}

/** return_type POST: a self-submitting form delivers `invoice_id` form-encoded (RAW/CodeIgniter read $_POST['invoice_id']). */
export function postRedirectPage(redirectUrl: string, invoiceId: string, nonce: string): string {
  return layout(
    'Returning to the shop',
    `<div class="card"><form id="back" method="post" action="${e(redirectUrl)}"><input type="hidden" name="invoice_id" value="${e(invoiceId)}">
<p>Returning you to the shop…</p><noscript><button>Continue</button></noscript></form></div>`,
    nonce,
    'document.getElementById("back").submit();',
  );
}

/** A customer-facing failure with no payment page to show it on. */
export function errorPage(message: string): string {
  return layout('Something went wrong', `<div class="card"><h1>Something went wrong</h1><p>${e(message)}</p></div>`);
}

export function notFoundPage(): string {
  return layout(
    'Payment not found',
    '<div class="card"><h1>Payment not found</h1><p>This payment link is not valid. Please start again from the shop.</p></div>',
  );
}

/**
 * After a wallet submission that no forwarded SMS has confirmed yet (the brand has a connected device): the page asks
 * `/payment/{id}/status` every few seconds and, once the SMS completes the payment, says so and returns to the shop
 * as usual. Without JavaScript, or after 15 minutes, the button returns to the shop (the payment stays Pending there).
 */
export function waitingPage(brandName: string, p: PaymentRow, nonce: string): string {
  const id = e(p.invoice_id);
  const script = `(function(){var n=0,box=document.getElementById("wait");function done(){box.className="ok";box.textContent="Payment received. Returning you to the shop…";setTimeout(function(){location.href="/payment/${id}/return"},1500)}
function tick(){if(++n>300)return;fetch("/payment/${id}/status",{cache:"no-store"}).then(function(r){return r.json()}).then(function(s){if(s.status==="completed"){done()}else if(s.status!=="pending"){location.href="/payment/${id}"}else{setTimeout(tick,3000)}}).catch(function(){setTimeout(tick,5000)})}
setTimeout(tick,2000)})();`;
  return layout(
    `${brandName} — waiting for confirmation`,
    `${header(brandName, p)}<div class="card"><p id="wait" class="notice" role="status" aria-live="polite">Waiting for confirmation: we are checking your payment with ${e(p.payment_method ? providers[p.payment_method].label : 'the wallet')}. This page updates by itself; it usually takes less than a minute.</p>
<p class="muted">Transaction ID ${e(p.transaction_id ?? '')}</p><a class="button" href="/payment/${id}/return">Return to the shop</a></div>`,
    nonce,
    script,
  );
}
