import { z } from 'zod';
import { unitKinds } from './identity.schemas';

/** A unit (机关、事业单位、国有企业、定点企业…) entered the directory: the upward feed's 单位信息 reports it. */
export const unitCreatedSchema = z.object({
  unitId: z.number().int(),
  name: z.string(),
  kind: z.enum(unitKinds),
  regionCode: z.string(),
  parentId: z.number().int().nullable(),
  address: z.string().nullable(),
  at: z.string(),
});

export const identityEvents = {
  'unit.created': unitCreatedSchema,
} as const;
