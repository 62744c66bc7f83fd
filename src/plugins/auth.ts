import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  type Access,
  type Authenticate,
  NEWSROOM,
  type Principal,
  PUBLIC,
  ROLE_KEY,
  type Viewer,
} from '../lib/access.js';
import { runAs } from '../lib/actor.js';
import { ForbiddenError, UnauthorizedError } from '../lib/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal;
    /** What this request may read: the newsroom's view or the public's. */
    viewer: Viewer;
    /** A malformed, unknown or revoked key: answered with this 401 once the rate limiter has counted it. */
    authFailure: UnauthorizedError | null;
  }
}

const RANK: Record<Principal['role'], number> = { public: 0, reader: 1, editor: 2, admin: 3 };
const NEEDS: Record<Exclude<Access, 'none' | 'read'>, number> = { editor: 2, admin: 3 };
const ANONYMOUS: Principal = { role: 'public', keyId: null };

export interface AuthOptions {
  authenticate: Authenticate;
  publicRead: boolean;
}

/** Who sent the request, or the 401 to answer when the Authorization header is bad. */
async function identify(request: FastifyRequest, authenticate: Authenticate): Promise<Principal | UnauthorizedError> {
  const header = request.headers.authorization;
  if (header === undefined) return ANONYMOUS;
  const match = /^Bearer[ ]+([\x21-\x7e]{1,512})\s*$/i.exec(header);
  if (!match?.[1]) return new UnauthorizedError('The Authorization header must be "Bearer <key>".', true);
  const principal = await authenticate(match[1]);
  return principal ?? new UnauthorizedError('The API key is unknown or has been revoked.', true);
}

export const authPlugin = fp<AuthOptions>(async function authPlugin(
  app: FastifyInstance,
  { authenticate, publicRead },
) {
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorateRequest('viewer', null as unknown as Viewer);
  app.decorateRequest('authFailure', null);

  // Identify in onRequest and refuse in preParsing: the rate limiter (a route-level onRequest hook,
  // so it runs in between) then counts a bad key against the client's address, not a fresh budget.
  app.addHook('onRequest', async (request) => {
    request.principal = ANONYMOUS;
    request.viewer = PUBLIC;
    request.authFailure = null;
    if ((request.routeOptions.config.access ?? 'none') === 'none') return;
    const identity = await identify(request, authenticate);
    if (identity instanceof UnauthorizedError) {
      request.authFailure = identity;
      return;
    }
    request.principal = identity;
    request.viewer = RANK[identity.role] >= RANK.editor ? NEWSROOM : PUBLIC;
  });

  app.addHook('preParsing', async (request) => {
    const access = request.routeOptions.config.access ?? 'none';
    if (access === 'none') return;
    if (request.authFailure) throw request.authFailure;
    const { role } = request.principal;
    if (access === 'read') {
      if (!publicRead && role === 'public') throw new UnauthorizedError('This server needs an API key for every read.');
      return;
    }
    if (RANK[role] >= NEEDS[access]) return;
    if (role === 'public') throw new UnauthorizedError();
    throw new ForbiddenError(`This needs the ${access} role; the key presented is ${ROLE_KEY[role]}.`);
  });

  // After body parsing (which leaves the request's async context), so the handler runs inside it.
  app.addHook('preValidation', (request, _reply, done) => {
    const { keyId, role } = request.principal;
    runAs(keyId ? `api-key:${keyId}` : role === 'admin' ? 'env-admin-key' : role, done);
  });
});
