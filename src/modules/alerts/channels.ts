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

export type ChannelEnv = { telegramApiUrl: string; allowPrivate: boolean; timeoutMs: number };

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
      return { outcome: 'network_error', httpStatus: null, error: 'e-mail alerts are not available yet' };
  }
}
