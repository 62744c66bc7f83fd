import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is making the current change, for revision history; set per request by the auth plugin. */
const storage = new AsyncLocalStorage<string>();

export const runAs = (actor: string, work: () => void): void => storage.run(actor, work);
export const currentActor = (): string | null => storage.getStore() ?? null;
