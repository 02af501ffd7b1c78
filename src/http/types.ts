import type { Ability } from '../modules/api-keys/abilities.js';
import type { AuthenticatedKey } from '../modules/api-keys/key-cache.js';
import type { Brand } from '../modules/brands/service.js';
import type { Session } from '../modules/admins/service.js';
import type { ErrorStyle } from './endpoints.js';
import type { Role } from '../modules/team/roles.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Public API routes: the ability the api-key auth plugin enforces (null = any valid key). */
    ability?: Ability | null;
    errorStyle?: ErrorStyle;
    /** Customer-page routes read by a script (the status poll): errors stay JSON there, every other customer error is a page. */
    json?: boolean;
  }
  interface FastifyRequest {
    apiKey: AuthenticatedKey;
    brand: Brand;
    session: Session;
    /** On admin `:brand` routes: the signed-in administrator's role in `brand` (http/plugins/admin-access.ts). */
    role: Role;
  }
}
