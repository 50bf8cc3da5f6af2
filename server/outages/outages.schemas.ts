import { z } from 'zod';
import { parseBuildings } from '../addresses/buildings';
import { parseStreet } from '../addresses/normalise';
import { dateTime, jsonId } from '../http/schemas';
import { OUTAGE_KINDS } from './outage-kinds';

const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);

const street = text(200).refine((s) => parseStreet(s) !== null, 'not a street name');
/** "12", "1-25", "1-25 odd", "2-30 even" or a comma list; a part that is none of these is named in the 400. */
const buildings = z.string().trim().max(300, 'at most 300 characters').superRefine((s, ctx) => {
  const parsed = parseBuildings(s);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `not a building range: "${parsed.part}" ${parsed.why}` });
});

export const outageAddress = z.strictObject({
  street,
  buildings: buildings.nullish().transform((b) => (b ? b : null)),
});

const fields = {
  kind: z.enum(OUTAGE_KINDS),
  planned: z.boolean(),
  districtCode: z.string().trim().min(1).max(8).nullish().transform((d) => d ?? null),
  addresses: z.array(outageAddress).max(200, 'at most 200 addresses'),
  startsAt: dateTime,
  expectedEndAt: dateTime.nullish().transform((d) => d ?? null),
  text: text(2000),
  /** Whose works these are; an executor may name only their own organisation (and may leave it out). */
  executorId: jsonId.nullish().transform((d) => d ?? null),
};

const endAfterStart = (o: { startsAt?: string; expectedEndAt?: string | null }) =>
  !o.startsAt || !o.expectedEndAt || Date.parse(o.expectedEndAt) > Date.parse(o.startsAt);
const somewhere = (o: { addresses?: unknown[]; districtCode?: string | null }) => (o.addresses?.length ?? 0) > 0 || !!o.districtCode;

export const createOutageSchema = z
  .strictObject({ ...fields, planned: fields.planned.default(false), addresses: fields.addresses.default([]) })
  .refine(endAfterStart, { path: ['expectedEndAt'], message: 'must be after startsAt' })
  .refine(somewhere, { path: ['addresses'], message: 'required' });
export type NewOutage = z.output<typeof createOutageSchema>;

export const updateOutageSchema = z
  .strictObject({
    kind: fields.kind.optional(), planned: fields.planned.optional(), districtCode: fields.districtCode.optional(),
    addresses: fields.addresses.optional(), startsAt: fields.startsAt.optional(), expectedEndAt: fields.expectedEndAt.optional(),
    text: fields.text.optional(),
  })
  .refine((o) => Object.keys(o).length > 0, { path: ['_'], message: 'nothing to change' });
export type OutageChange = z.output<typeof updateOutageSchema>;

export const listOutagesSchema = z.strictObject({
  active: z.enum(['true', 'false']).optional().transform((a) => a === 'true'),
});

export const attachSchema = z.strictObject({ callId: z.string().trim().min(1, 'required').max(64, 'at most 64 characters') });

/** The request form's question: is this address (and topic) inside an active outage? */
export const matchSchema = z.strictObject({
  address: text(300),
  district: z.string().trim().min(1).max(8).optional(),
  topic: z.string().trim().min(1).max(16).optional(),
});
