import { z } from 'zod';
import { ROLES } from '../../lib/access.js';
import { IdSchema, InstantSchema } from '../../lib/zod-atoms.js';

export const RoleSchema = z.enum(ROLES).meta({
  id: 'Role',
  description:
    'reader: published content only; editor: all content and workflow; admin: editor + key management + purge',
});

export const ApiKeyCreateSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'is required').max(100).meta({ example: 'Web desk' }),
    role: RoleSchema,
  })
  .meta({ id: 'ApiKeyCreate' });

export const ApiKeySchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    role: RoleSchema,
    prefix: z.string().meta({ description: 'The first characters of the key, to recognise it', example: 'cms_3kf9' }),
    createdAt: InstantSchema,
    lastUsedAt: InstantSchema.nullable(),
    revokedAt: InstantSchema.nullable(),
  })
  .meta({ id: 'ApiKey' });

export const ApiKeyWithSecretSchema = ApiKeySchema.extend({
  secret: z
    .string()
    .meta({ description: 'The key itself. Shown only in this response: store it now.', example: 'cms_3kf9Jx…' }),
}).meta({ id: 'ApiKeyWithSecret' });

export const ApiKeyListSchema = z.object({ data: z.array(ApiKeySchema) }).meta({ id: 'ApiKeyList' });

export type ApiKey = z.infer<typeof ApiKeySchema>;
