import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { admin } from './app.js';

export type Role = 'reader' | 'editor' | 'admin';

export interface CreatedKey {
  id: string;
  role: Role;
  secret: string;
  headers: { authorization: string };
}

/** A new API key made through the API with the admin key. */
export async function createKey(t: TestApp, role: Role, name = `${role} key`): Promise<CreatedKey> {
  const response = await t.inject({ method: 'POST', url: '/v1/api-keys', headers: admin, payload: { name, role } });
  expect(response.statusCode, response.body).toBe(201);
  const { id, secret } = response.json() as { id: string; secret: string };
  return { id, role, secret, headers: { authorization: `Bearer ${secret}` } };
}

export async function revokeKey(t: TestApp, id: string): Promise<void> {
  const response = await t.inject({ method: 'DELETE', url: `/v1/api-keys/${id}`, headers: admin });
  expect(response.statusCode, response.body).toBe(204);
}
