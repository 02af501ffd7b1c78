import { createTransport } from 'nodemailer';
import { postWebhook, redactSecrets, type SendResult } from '../webhooks/send.js';
import type { Message } from './messages.js';

/** A channel's settings as entered; stored sealed (alert_channels.settings_ciphertext), never shown again whole. */
export type ChannelSettings =
  | { kind: 'telegram'; bot_token: string; chat_id: string }
  | { kind: 'email'; to: string[] }
  | { kind: 'slack'; webhook_url: string }
  | { kind: 'discord'; webhook_url: string };

/** What a channel shows after saving: enough to recognise it, nothing that lets anyone post to it. */
export function maskSettings(s: ChannelSettings): string {
  switch (s.kind) {
    case 'telegram':
      return `chat ${s.chat_id} · bot …${s.bot_token.slice(-4)}`;
    case 'email':
      return s.to.join(', ');
    case 'slack':
    case 'discord': {
      const url = new URL(s.webhook_url);
      return `${url.host}/…${s.webhook_url.slice(-4)}`;
    }
  }
}

/** The values that must never reach a log line, an error or a stored answer. */
export function secretsOf(s: ChannelSettings): string[] {
  switch (s.kind) {
    case 'telegram':
      return [s.bot_token];
    case 'email':
      return [];
    case 'slack':
    case 'discord':
      return [s.webhook_url, new URL(s.webhook_url).pathname];
  }
}

/** Where channels are reached: Telegram's base URL, the address rule for webhooks, and the mail server (SMTP_URL), if any. */
export type ChannelEnv = { telegramApiUrl: string; allowPrivate: boolean; timeoutMs: number; smtp: { url: string; from: string } | null };

/** The channel settings of this server's configuration. */
export function channelEnv(
  config: { telegramApiUrl: string; webhookAllowPrivate: boolean; smtpUrl: string | undefined; smtpFrom: string },
  timeoutMs: number,
): ChannelEnv {
  return {
    telegramApiUrl: config.telegramApiUrl,
    allowPrivate: config.webhookAllowPrivate,
    timeoutMs,
    smtp: config.smtpUrl ? { url: config.smtpUrl, from: config.smtpFrom } : null,
  };
}

/** One send's result, as the outbox records it: `retryAfterMs` when the channel said when to come back (Telegram 429). */
export type ChannelResult = Pick<SendResult, 'outcome' | 'httpStatus' | 'error'> & { retryAfterMs?: number };

/** Telegram's answer body (Bot API "Making requests"): `{ok, result}` or `{ok: false, error_code, description, parameters}`. */
type TelegramAnswer = { ok?: boolean; description?: string; parameters?: { retry_after?: number } };

function parseTelegram(excerpt: string | null): TelegramAnswer {
  try {
    return JSON.parse(excerpt ?? '') as TelegramAnswer;
  } catch {
    return {};
  }
}

/** Sends one message to one channel; never throws, and no secret of the channel appears in what it returns. */
export async function sendToChannel(settings: ChannelSettings, message: Message, env: ChannelEnv): Promise<ChannelResult> {
  const secrets = secretsOf(settings);
  const clean = (r: ChannelResult): ChannelResult => ({ ...r, error: r.error === null ? null : redactSecrets(r.error, secrets) });
  switch (settings.kind) {
    case 'telegram': {
      // Bot API sendMessage: POST {base}/bot<token>/sendMessage with a JSON body; plain text (no parse_mode), so
      // customer names need no escaping. The base URL is the operator's setting, so private addresses are allowed.
      const url = `${env.telegramApiUrl}/bot${settings.bot_token}/sendMessage`;
      const body = JSON.stringify({ chat_id: settings.chat_id, text: message.text, link_preview_options: { is_disabled: true } });
      const result = await postWebhook(url, { 'Content-Type': 'application/json', 'User-Agent': 'Duar-Alerts/1' }, body, {
        timeoutMs: env.timeoutMs,
        allowPrivate: true,
      });
      if (result.outcome === 'acknowledged' || result.httpStatus === null) return clean(result);
      const answer = parseTelegram(result.responseExcerpt);
      const retryAfter = answer.parameters?.retry_after;
      const said = answer.description ? `Telegram answered HTTP ${result.httpStatus}: ${answer.description}` : result.error;
      return clean({
        ...result,
        error: said,
        ...(result.httpStatus === 429 && typeof retryAfter === 'number' && retryAfter >= 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
      });
    }
    case 'slack':
    case 'discord': {
      const body = JSON.stringify(settings.kind === 'slack' ? { text: message.text } : { content: message.text.slice(0, 2000) });
      const result = await postWebhook(settings.webhook_url, { 'Content-Type': 'application/json', 'User-Agent': 'Duar-Alerts/1' }, body, {
        timeoutMs: env.timeoutMs,
        allowPrivate: env.allowPrivate,
      });
      return clean(result);
    }
    case 'email':
      return sendMail(settings.to, message, env);
  }
}

/** The parts of SMTP_URL that must not reach a stored error: its user name and password. */
function smtpSecrets(url: string): string[] {
  try {
    const u = new URL(url);
    return [u.password, decodeURIComponent(u.password), decodeURIComponent(u.username)].filter((v) => v.length > 0);
  } catch {
    return [];
  }
}

/**
 * One e-mail through SMTP_URL (nodemailer, as the key-expiry reminders send): the message's title as subject, its text
 * as the plain-text body. A connection per message: alerts are a handful a minute, and no pool outlives a failure.
 * Accepted by the mail server = delivered; refused or unreachable = retried like any other channel.
 */
async function sendMail(to: string[], message: Message, env: ChannelEnv): Promise<ChannelResult> {
  if (!env.smtp) return { outcome: 'network_error', httpStatus: null, error: 'SMTP_URL is not set on this server: e-mail alerts wait until it is' };
  const t = env.timeoutMs;
  const transport = createTransport({ url: env.smtp.url, connectionTimeout: t, greetingTimeout: t, socketTimeout: t } as Parameters<typeof createTransport>[0]);
  try {
    const info = await transport.sendMail({ from: env.smtp.from, to, subject: message.title, text: message.text });
    if (info.rejected.length > 0 && info.accepted.length === 0) {
      return {
        outcome: 'http_error',
        httpStatus: null,
        error: `The mail server refused every recipient: ${redactSecrets(String(info.response ?? ''), smtpSecrets(env.smtp.url))}`.trim(),
      };
    }
    return { outcome: 'acknowledged', httpStatus: null, error: null };
  } catch (err) {
    const e = err as { code?: string; responseCode?: number; message?: string };
    const said = redactSecrets(e.message ?? 'unknown error', smtpSecrets(env.smtp.url));
    if (e.code === 'ETIMEDOUT') return { outcome: 'timeout', httpStatus: null, error: `The mail server did not answer in time: ${said}` };
    if (typeof e.responseCode === 'number') return { outcome: 'http_error', httpStatus: null, error: `The mail server answered ${e.responseCode}: ${said}` };
    return { outcome: 'network_error', httpStatus: null, error: `The mail server could not be reached: ${said}` };
  } finally {
    transport.close();
  }
}
