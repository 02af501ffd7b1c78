import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DuarError } from '../../lib/errors.js';
import type { ErrorStyle } from '../endpoints.js';

/**
 * The one place that shapes error bodies: UddoktaPay-compatible `status` + `message`, plus a stable `code`
 * (and `field` when one input is at fault). Verify answers `"status": "ERROR"`, everything else `"status": false`.
 * Every error about inputs also lists them all in `errors: [{field, message}]` (docs/decisions/006-input-validation.md).
 */
export function errorBody(err: DuarError, style: ErrorStyle = 'boolean') {
  return {
    status: style === 'verify' ? ('ERROR' as const) : false,
    message: err.message,
    code: err.code,
    ...(err.extra.field ? { field: err.extra.field } : {}),
    ...(err.extra.errors ? { errors: err.extra.errors } : err.extra.field ? { errors: [{ field: err.extra.field, message: err.message }] } : {}),
    ...err.extra.details,
  };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, err: DuarError) {
  if (err.extra.retryAfterSeconds) reply.header('Retry-After', String(err.extra.retryAfterSeconds));
  return reply.code(err.status).header('Cache-Control', 'no-store').send(errorBody(err, request.routeOptions.config?.errorStyle));
}

/** The media type a client sent, for the message; only when it reads as one (never an arbitrary header echoed back). */
function sentMediaType(request: FastifyRequest): string {
  const type = String(request.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  return /^[a-z0-9][a-z0-9.+-]{0,60}\/[a-z0-9][a-z0-9.+-]{0,60}$/.test(type) ? type : '';
}

function fromFastify(err: FastifyError, request: FastifyRequest): DuarError | null {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new DuarError('payload_too_large', 'The request body is too large (at most 256 KiB)');
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const sent = sentMediaType(request);
    return new DuarError(
      'unsupported_media_type',
      `${sent ? `A body of type ${sent} is not accepted; send` : 'Send'} the request body as JSON with Content-Type: application/json`,
    );
  }
  if (err.statusCode === 400 && (err instanceof SyntaxError || err.code?.startsWith('FST_ERR_CTP'))) {
    return new DuarError('invalid_json', 'The request body is not valid JSON');
  }
  return null;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const known = err instanceof DuarError ? err : fromFastify(err, request);
    if (known) return sendError(request, reply, known);
    request.log.error({ err }, 'unhandled error');
    return sendError(request, reply, new DuarError('internal_error', 'Something went wrong on our side; the request was not applied. Try again.'));
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, new DuarError('not_found', `No endpoint ${request.method} ${request.url.split('?')[0]}`)),
  );
}
