import type { FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../../db/index.js';
import { operationsSnapshot } from '../../modules/metrics/service.js';

/**
 * The metrics registry of one app (prom-client) behind GET /metrics (../metrics.ts; docs/decisions/072-metrics-and-readiness.md).
 * Request counts and latencies and SMS ingestion outcomes are counted by this process; payments, the IPN queue and the
 * devices are read from the database at each scrape.
 */
export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics() {
  const registry = new Registry();
  const requestSeconds = new Histogram({
    name: 'duar_http_request_duration_seconds',
    help: 'HTTP requests answered by this process, by method, route (the path pattern) and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const smsIngested = new Counter({
    name: 'duar_sms_ingested_total',
    help: 'SMS taken in by this process, by source (device, admin) and outcome (approved, awaiting_review, used, trashed, error, ignored, duplicate)',
    labelNames: ['source', 'outcome'] as const,
    registers: [registry],
  });
  const openPayments = new Gauge({
    name: 'duar_payments_open',
    help: 'Payments now in a state they may still leave (initiated, pending), by brand',
    labelNames: ['brand', 'status'] as const,
    registers: [registry],
  });
  const paymentsLastDay = new Gauge({
    name: 'duar_payments_last_24h',
    help: 'Payments created in the last 24 hours, by brand and their state now',
    labelNames: ['brand', 'status'] as const,
    registers: [registry],
  });
  const ipnDepth = new Gauge({ name: 'duar_ipn_queue_depth', help: 'IPN deliveries waiting to be sent or retried', registers: [registry] });
  const ipnOldest = new Gauge({
    name: 'duar_ipn_queue_oldest_age_seconds',
    help: 'Age of the oldest IPN delivery waiting to be sent or retried (0 when none waits)',
    registers: [registry],
  });
  const alertDepth = new Gauge({ name: 'duar_alert_queue_depth', help: 'Alert deliveries waiting to be sent or retried', registers: [registry] });
  const alertOldest = new Gauge({
    name: 'duar_alert_queue_oldest_age_seconds',
    help: 'Age of the oldest alert delivery waiting to be sent or retried (0 when none waits)',
    registers: [registry],
  });
  const deviceAge = new Gauge({
    name: 'duar_device_last_sms_age_seconds',
    help: 'Seconds since each connected device last forwarded SMS (absent for a device that never has)',
    labelNames: ['brand', 'device'] as const,
    registers: [registry],
  });
  let processMetrics = false;

  return {
    /** Counts one answered request (app.ts's RequestLog, which Fastify tells of every answered request). */
    observeRequest(request: FastifyRequest, statusCode: number, seconds: number) {
      requestSeconds.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: statusCode }, seconds);
    },
    smsIngested: (source: 'device' | 'admin', outcome: string) => smsIngested.inc({ source, outcome }),
    async render(deps: { db: Db; now: () => number }): Promise<{ contentType: string; body: string }> {
      // Process metrics (CPU, memory, event loop delay) start on the first scrape: most apps built in tests never scrape.
      if (!processMetrics) {
        collectDefaultMetrics({ register: registry });
        processMetrics = true;
      }
      const snapshot = await operationsSnapshot(deps.db, deps.now());
      openPayments.reset();
      for (const p of snapshot.openPayments) openPayments.set({ brand: p.brand, status: p.status }, p.count);
      paymentsLastDay.reset();
      for (const p of snapshot.paymentsLastDay) paymentsLastDay.set({ brand: p.brand, status: p.status }, p.count);
      ipnDepth.set(snapshot.ipnQueue.depth);
      ipnOldest.set(snapshot.ipnQueue.oldestAgeSeconds);
      alertDepth.set(snapshot.alertQueue.depth);
      alertOldest.set(snapshot.alertQueue.oldestAgeSeconds);
      deviceAge.reset();
      for (const d of snapshot.devices) if (d.lastSmsAgeSeconds !== null) deviceAge.set({ brand: d.brand, device: d.device }, d.lastSmsAgeSeconds);
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
