import { z } from 'zod';
import { pageOf } from '@shared/common/pagination';
import { chainSchema, type Chain, type SetChainInput } from '@shared/approvals/approvals.schemas';
import {
  regionSchema, unitSchema, userSchema, type CreateUnitInput, type CreateUserInput, type Region, type Unit, type User,
} from '@shared/identity/identity.schemas';
import { standardsSchema, type LodgingStandardInput, type ReceptionStandardInput } from '@shared/reservations/reservations.schemas';
import type { PageResult } from '../components/use-paged-list';
import { http } from './http';

/** 平台管理 (identity-admin.routes.ts, approvals.routes.ts): regions, units, users and roles, approval chains. */
export function fetchRegions(): Promise<Region[]> {
  return http.get('/api/regions', z.object({ items: z.array(regionSchema) }), { silent: true }).then((r) => r.items);
}
export function listUnits(page: number): Promise<PageResult<Unit>> {
  return http.get('/api/units', pageOf(unitSchema), { silent: true, query: { page, pageSize: 100 } });
}
export function listUsers(page: number): Promise<PageResult<User>> {
  return http.get('/api/users', pageOf(userSchema), { silent: true, query: { page, pageSize: 100 } });
}
export function createUnit(input: CreateUnitInput): Promise<Unit> {
  return http.post('/api/units', input, unitSchema, { silent: true });
}
export function createUser(input: CreateUserInput): Promise<User> {
  return http.post('/api/users', input, userSchema, { silent: true });
}
export function fetchChains(unitId: number): Promise<Chain[]> {
  return http.get('/api/approval-chains', z.object({ items: z.array(chainSchema) }), { silent: true, query: { unitId } }).then((r) => r.items);
}
export function setChain(input: SetChainInput): Promise<Chain[]> {
  return http.put('/api/approval-chains', input, z.object({ items: z.array(chainSchema) }), { silent: true }).then((r) => r.items);
}

/** 差旅住宿、公务接待标准 (reservations.routes.ts): read by all, set by the platform admin. */
export type TravelStandards = z.infer<typeof standardsSchema>;
export function fetchTravelStandards(): Promise<TravelStandards> {
  return http.get('/api/reservations/standards', standardsSchema, { silent: true });
}
export function saveLodgingStandard(input: LodgingStandardInput): Promise<TravelStandards> {
  return http.put('/api/reservations/standards/lodging', input, standardsSchema, { silent: true });
}
export function saveReceptionStandard(input: ReceptionStandardInput): Promise<TravelStandards> {
  return http.put('/api/reservations/standards/reception', input, standardsSchema, { silent: true });
}
