import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../src/config/index.js';

test('unset and empty settings take their defaults', () => {
  for (const env of [{}, { PORT: '', HOST: '', LOG_LEVEL: '', BACKUP_KEEP: '' }]) {
    assert.deepEqual(loadConfig(env), {
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:3000',
      database: { kind: 'sqlite', file: resolve('./data', 'duar.sqlite') },
      dataDir: resolve('./data'),
      appKey: undefined,
      trustProxy: false,
      logLevel: 'info',
      accessLog: false,
      slowRequestMs: 1000,
      checkoutTtlMinutes: 1440,
      webhookAllowPrivate: false,
      redisUrl: undefined,
      smtpUrl: undefined,
      smtpFrom: 'Duar <duar@localhost>',
      metricsToken: undefined,
      telegramApiUrl: 'https://api.telegram.org',
      alertBurstMs: 60_000,
      backups: null,
    });
  }
});

test('settings are read as written: numbers, flags, URLs without their trailing slash, a trimmed token', () => {
  const config = loadConfig({
    PORT: ' 8080 ',
    HOST: '0.0.0.0',
    PUBLIC_URL: ' https://pay.example.com/ ',
    DATABASE_URL: 'postgresql://duar@db/duar',
    ACCESS_LOG: 'true',
    DUAR_WEBHOOK_ALLOW_PRIVATE: 'true',
    DUAR_CHECKOUT_TTL_MINUTES: '5',
    LOG_LEVEL: 'silent',
    METRICS_TOKEN: ` ${'a'.repeat(32)} `,
    TELEGRAM_API_URL: 'http://127.0.0.1:9/bot/',
    ALERT_BURST_SECONDS: '0',
  });
  assert.equal(config.port, 8080);
  assert.equal(config.publicUrl, 'https://pay.example.com');
  assert.deepEqual(config.database, { kind: 'postgres', url: 'postgresql://duar@db/duar' });
  assert.equal(config.accessLog, true);
  assert.equal(config.webhookAllowPrivate, true);
  assert.equal(config.checkoutTtlMinutes, 5);
  assert.equal(config.logLevel, 'silent');
  assert.equal(config.metricsToken, 'a'.repeat(32));
  assert.equal(config.telegramApiUrl, 'http://127.0.0.1:9/bot');
  assert.equal(config.alertBurstMs, 0);
  assert.equal(loadConfig({ HOST: '0.0.0.0' }).publicUrl, 'http://localhost:3000');
});

test('every refused setting is named with why, all at once', () => {
  const refused = {
    PORT: ['70000', /PORT must be at most 65535/],
    PUBLIC_URL: ['https:pay.example.com', /PUBLIC_URL must be an http\(s\) URL/],
    DATABASE_URL: ['mysql://db', /DATABASE_URL must start with postgres:\/\//],
    DUAR_APP_KEY: ['short', /DUAR_APP_KEY must be 32 bytes/],
    LOG_LEVEL: ['loud', /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
    ACCESS_LOG: ['yes', /ACCESS_LOG must be one of true, false/],
    SLOW_REQUEST_MS: ['fast', /SLOW_REQUEST_MS must be a whole number/],
    DUAR_CHECKOUT_TTL_MINUTES: ['4', /DUAR_CHECKOUT_TTL_MINUTES must be at least 5/],
    REDIS_URL: ['127.0.0.1:6379', /REDIS_URL must start with redis:\/\//],
    SMTP_URL: ['mail.example.com', /SMTP_URL must start with smtp:\/\//],
    SMTP_FROM: ['ab', /SMTP_FROM must be at least 3 characters/],
    TELEGRAM_API_URL: ['ftp://api.telegram.org', /TELEGRAM_API_URL must be an http\(s\) URL/],
    ALERT_BURST_SECONDS: ['-1', /ALERT_BURST_SECONDS must be 0 or more/],
  } as const;
  const env = Object.fromEntries(Object.entries(refused).map(([name, [value]]) => [name, value]));
  assert.throws(
    () => loadConfig(env),
    (err: Error) => {
      assert.ok(err instanceof ConfigError);
      const lines = err.message.split('\n');
      assert.equal(lines[0], 'Invalid settings:');
      assert.equal(lines.length, 1 + Object.keys(refused).length, err.message);
      for (const [name, [, why]] of Object.entries(refused)) {
        const line = lines.find((l) => l.startsWith(`  ${name}: `));
        assert.ok(line && why.test(line), `${name} in ${err.message}`);
      }
      return true;
    },
  );
});
