import { uuidv7 } from 'uuidv7';

/** Time-ordered ids: index-friendly, sortable, and safe to generate on any instance. */
export const newId = (): string => uuidv7();
