import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DuarError } from '../../lib/errors.js';
import { findTextProblem, hasControlCharacter, MAX_BODY_DEPTH } from '../../lib/text.js';

function controlCharacters(field: string, where: string): DuarError {
  return new DuarError('control_characters', `${field} must not contain control characters such as NUL or line breaks (${where})`, { field });
}

/** Path segments and query values: no control characters at all, tab and line breaks included. */
function checkUrl(request: FastifyRequest): void {
  for (const [name, value] of Object.entries((request.params ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string' && hasControlCharacter(value)) throw controlCharacters(name, 'in the URL path');
  }
  for (const [name, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    const values = Array.isArray(value) ? value : [value];
    if (hasControlCharacter(name) || values.some((v) => typeof v === 'string' && hasControlCharacter(v))) {
      throw controlCharacters(hasControlCharacter(name) ? 'query' : name, 'in the query string');
    }
  }
}

/** Body strings may keep tab and line breaks (free text); keys and everything else may not, and nesting is bounded. */
function checkBody(request: FastifyRequest): void {
  if (request.body === undefined || request.body === null || typeof request.body !== 'object') {
    if (typeof request.body === 'string' && findTextProblem(request.body, { maxDepth: MAX_BODY_DEPTH })) throw controlCharacters('body', 'in the body');
    return;
  }
  const problem = findTextProblem(request.body, { maxDepth: MAX_BODY_DEPTH });
  if (!problem) return;
  const field = problem.path || 'body';
  if (problem.kind === 'depth') {
    throw new DuarError('invalid_request', `The request body nests deeper than ${MAX_BODY_DEPTH} levels at ${field}`, { field });
  }
  throw controlCharacters(field, 'in the body');
}

/**
 * One check for every route, before any route-specific hook or handler touches the input: the API key and session
 * hooks look up path parameters in the database, so the URL is checked on request and the body once it is parsed.
 */
export function registerInputGuard(app: FastifyInstance): void {
  // Callback hooks: synchronous checks need no promise on every request.
  app.addHook('onRequest', (request, _reply, done) => done(failure(() => checkUrl(request))));
  app.addHook('preValidation', (request, _reply, done) => done(failure(() => checkBody(request))));
}

function failure(check: () => void): Error | undefined {
  try {
    check();
    return undefined;
  } catch (err) {
    return err as Error;
  }
}
