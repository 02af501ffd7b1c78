import { createTransport } from 'nodemailer';
import type { Config } from '../../config/index.js';

export type Mail = { to: string; subject: string; text: string };

/** Sends through SMTP_URL; null when it is not set (the caller says what happens instead). */
export type Mailer = { send(mail: Mail): Promise<void>; close(): void };

export function createMailer(config: Config): Mailer | null {
  if (!config.smtpUrl) return null;
  const transport = createTransport(config.smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from: config.smtpFrom, ...mail });
    },
    close: () => transport.close(),
  };
}
