import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ForbiddenError, UnauthorizedError } from '../lib/errors.js';
import type { ApiKeysService, Principal } from '../modules/api-keys/api-keys.service.js';
import { NEWSROOM, PUBLIC, type Viewer } from '../modules/articles/visibility.js';

/** What a route needs: `read` (anyone when PUBLIC_READ, else any key), `editor`, `admin`, or `none`. */
export type Access = 'none' | 'read' | 'editor' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal;
    /** What this request may read: the newsroom's view or the public's. */
    viewer: Viewer;
  }
}

const RANK: Record<Principal['role'], number> = { public: 0, reader: 1, editor: 2, admin: 3 };
const NEEDS: Record<Exclude<Access, 'none' | 'read'>, number> = { editor: 2, admin: 3 };
const ANONYMOUS: Principal = { role: 'public', keyId: null };

export interface AuthOptions {
  apiKeys: ApiKeysService;
  publicRead: boolean;
}

async function identify(request: FastifyRequest, apiKeys: ApiKeysService): Promise<Principal> {
  const header = request.headers.authorization;
  if (header === undefined) return ANONYMOUS;
  const match = /^Bearer[ ]+([\x21-\x7e]{1,512})\s*$/i.exec(header);
  if (!match?.[1]) throw new UnauthorizedError('The Authorization header must be "Bearer <key>".');
  const principal = await apiKeys.authenticate(match[1]);
  if (!principal) throw new UnauthorizedError('The API key is unknown or has been revoked.');
  return principal;
}

export const authPlugin = fp<AuthOptions>(async function authPlugin(app: FastifyInstance, { apiKeys, publicRead }) {
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorateRequest('viewer', null as unknown as Viewer);

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access ?? 'none';
    request.principal = ANONYMOUS;
    request.viewer = PUBLIC;
    if (access === 'none') return;
    const principal = await identify(request, apiKeys);
    request.principal = principal;
    request.viewer = RANK[principal.role] >= RANK.editor ? NEWSROOM : PUBLIC;
    if (access === 'read') {
      if (!publicRead && principal.role === 'public') throw new UnauthorizedError('This server needs an API key for every read.');
      return;
    }
    if (RANK[principal.role] >= NEEDS[access]) return;
    if (principal.role === 'public') throw new UnauthorizedError();
    throw new ForbiddenError(`This needs the ${access} role; the key presented is a ${principal.role} key.`);
  });
});
