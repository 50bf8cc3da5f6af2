import { z } from 'zod';
import { ROLES } from '../../db/entities';
import { interfaceSchema } from './interface';

const username = z.string().trim().regex(/^[a-zA-Z0-9._-]{2,64}$/, 'letters, digits, dot, dash or underscore; 2 to 64');
const fullName = z.string().trim().max(200);

export const newUserSchema = z.object({
  username,
  role: z.enum(ROLES),
  fullName: fullName.optional(),
  interface: interfaceSchema.optional(),
  phone: z.string().trim().max(40).optional(),
  executor: z.string().trim().max(32).optional(),
  password: z.string().min(8, 'at least 8 characters').max(200),
});
export type NewUser = z.input<typeof newUserSchema>;

/** A change: only the fields given change; `null` clears interface, phone or executor. */
export const userPatchSchema = z
  .strictObject({
    role: z.enum(ROLES).optional(),
    fullName: fullName.optional(),
    interface: interfaceSchema.nullable().optional(),
    phone: z.string().trim().max(40).nullable().optional(),
    executor: z.string().trim().max(32).nullable().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });
export type UserPatch = z.input<typeof userPatchSchema>;

export const userListSchema = z.object({
  q: z.string().trim().max(100).optional(),
  role: z.enum(ROLES).optional(),
  active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  executor: z.string().trim().max(32).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type UserListQuery = z.output<typeof userListSchema>;

export const userIdSchema = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
