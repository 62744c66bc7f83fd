/**
 * Who sent a request and what it may do, shared by the auth plugin and the features. The key store
 * itself is the api-keys module's: the plugin gets an `Authenticate` function from the app.
 */

export const ROLES = ['reader', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A key of each role as a sentence names it, with its article: typed per role, so a new role must say its own. */
export const ROLE_KEY: Record<Role, string> = {
  reader: 'a reader key',
  editor: 'an editor key',
  admin: 'an admin key',
};

export interface Principal {
  role: Role | 'public';
  keyId: string | null;
}

/** What a route needs: `read` (anyone when PUBLIC_READ, else any key), `editor`, `admin`, or `none`. */
export type Access = 'none' | 'read' | 'editor' | 'admin';

/** The principal a presented bearer secret stands for, or null for an unknown or revoked key. */
export type Authenticate = (secret: string) => Promise<Principal | null>;

/** Who is reading: the newsroom sees every live story; the public only published, unembargoed ones. */
export interface Viewer {
  newsroom: boolean;
}

export const NEWSROOM: Viewer = { newsroom: true };
export const PUBLIC: Viewer = { newsroom: false };
