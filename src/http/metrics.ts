import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sha256Hex, safeEqual } from '../lib/crypto.js';
import { DuarError } from '../lib/errors.js';
import { readiness } from '../modules/metrics/service.js';
import type { AppDeps } from './deps.js';
import { bearerToken } from './plugins/presented-keys.js';

/*
 * GET /metrics (its registry: plugins/metrics.ts) and GET /ready (docs/decisions/072-metrics-and-readiness.md).
 */

/** A proxy in front names the client in one of these; a request that carries one did not come from this machine. */
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

/** The socket's peer is this machine and no proxy forwarded the request (a reverse proxy on the same host connects from loopback). */
function directFromLoopback(request: FastifyRequest): boolean {
  const peer = request.socket.remoteAddress ?? '';
  const loopback = peer === '::1' || /^(::ffff:)?127\./.test(peer);
  return loopback && !FORWARDING_HEADERS.some((h) => h in request.headers);
}

function checkMetricsAccess(request: FastifyRequest, token: string | undefined): void {
  if (request.headers.authorization !== undefined) {
    const given = bearerToken(request);
    // Digests compared, so the comparison takes the same time whatever the length of what was sent.
    if (token && given && safeEqual(sha256Hex(given), sha256Hex(token))) return;
    throw new DuarError('invalid_metrics_token', token ? 'The metrics token is not valid' : 'No METRICS_TOKEN is set on this server');
  }
  if (directFromLoopback(request)) return;
  throw new DuarError(
    'metrics_forbidden',
    'GET /metrics answers requests from this machine that no proxy forwarded, or with Authorization: Bearer <METRICS_TOKEN>',
  );
}

export async function operationsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/metrics', async (request, reply) => {
    checkMetricsAccess(request, deps.config.metricsToken);
    const { contentType, body } = await deps.metrics.render(deps);
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });

  app.get('/ready', async (request, reply) => {
    const { ready, checks, error } = await readiness(deps.db);
    if (error) request.log.warn({ err: { name: error.name, message: error.message } }, 'not ready');
    reply.header('cache-control', 'no-store');
    if (ready) return { status: 'ready', checks };
    throw new DuarError('not_ready', 'Not ready to take requests', { details: { checks } });
  });
}
