import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DuarError } from '../../lib/errors.js';
import { errorBody } from './errors.js';

/**
 * Refusals that happen before a route exists (router, HTTP parser, `Expect: 100-continue`) answer the same compatible
 * body as every other error, with a stable `code` and without echoing what was sent (a path may carry a secret).
 */

/** Fastify's `frameworkErrors`: the router refused the URL before any route or hook ran. */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const refusal =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new DuarError('uri_too_long', 'A segment of the URL path is too long (at most 100 characters)')
      : err.code === 'FST_ERR_BAD_URL'
        ? new DuarError('invalid_request', 'The URL is not validly percent-encoded')
        : new DuarError('invalid_request', 'The request could not be routed');
  return reply.code(refusal.status).header('Cache-Control', 'no-store').send(errorBody(refusal));
}

function rawAnswer(refusal: DuarError, extraHeaders = ''): string {
  const body = JSON.stringify(errorBody(refusal));
  const reason = { 400: 'Bad Request', 408: 'Request Timeout', 413: 'Payload Too Large', 431: 'Request Header Fields Too Large' }[refusal.status] ?? 'Error';
  return (
    `HTTP/1.1 ${refusal.status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `Cache-Control: no-store\r\nConnection: close\r\n${extraHeaders}\r\n${body}`
  );
}

/** Fastify's `clientErrorHandler`: Node's HTTP parser refused the request (headers too large, malformed, too slow). */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const refusal =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? new DuarError('headers_too_large', 'The request headers are too large')
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new DuarError('request_timeout', 'The request took too long to arrive')
        : new DuarError('invalid_request', 'The request is not valid HTTP');
  this.log.debug({ code: err.code }, 'client error');
  if (socket.writable) socket.end(rawAnswer(refusal));
  else socket.destroy();
}

/**
 * `Expect: 100-continue`: Node says "go ahead" unless someone listens for checkContinue. A body declared larger than
 * the limit is refused before it is sent; anything else gets its 100 Continue and takes the normal path.
 */
export function refuseOversizedContinue(app: FastifyInstance, bodyLimit: number): void {
  app.server.on('checkContinue', (req, res) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > bodyLimit) {
      const refusal = new DuarError('payload_too_large', 'The request body is too large');
      const body = JSON.stringify(errorBody(refusal));
      res.shouldKeepAlive = false;
      res.writeHead(413, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
        Connection: 'close',
      });
      res.end(body);
      return;
    }
    res.writeContinue();
    app.server.emit('request', req, res);
  });
}
