import type { FastifyInstance } from 'fastify';
import { DuarError } from '../../lib/errors.js';
import { sendError } from './errors.js';

/**
 * Once `app.close()` begins, no new connection is accepted, but a keep-alive connection may still carry a request: it is
 * answered 503 `shutting_down` in Duar's error shape, with `Connection: close` and `Retry-After`, before any other hook
 * (no authentication, no usage counted), so the client retries on another instance or after the restart. Fastify's own
 * 503 for this (`return503OnClosing`) is turned off in app.ts because its body is not UddoktaPay-shaped.
 */
export function refuseWhileClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // A callback hook, not an async one: it runs on every request, and most of the time it only reads a boolean.
  app.addHook('onRequest', (request, reply, done) => {
    if (!closing) return done();
    reply.header('connection', 'close');
    sendError(request, reply, new DuarError('shutting_down', 'Duar is restarting; send the request again in a moment', { retryAfterSeconds: 1 }));
  });
}
