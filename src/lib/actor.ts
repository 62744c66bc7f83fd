import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is making the current change, for revision history; set per request by the auth plugin. */
const storage = new AsyncLocalStorage<string>();

/** Runs `work` as `actor` (null: as nobody in particular). */
export const runAs = (actor: string | null, work: () => void): void =>
  actor === null ? storage.exit(work) : storage.run(actor, work);
export const currentActor = (): string | null => storage.getStore() ?? null;
