import type { Role } from '@shared/identity/identity.schemas';
import { inScope, scopeOf, type Actor, type Scope } from '../data-scope';

/** Where a vehicle sits: its owning unit (a rental company's cars are the company's) and region. */
export interface VehiclePlace { ownerUnitId: number; regionCode: string }
/** Where a driver sits: their unit (a rental company's drivers are the company's) and region. */
export interface DriverPlace { unitId: number; regionCode: string }

/** Vehicles and drivers listed and read by place: the data scope (a company sees its own). */
export const vehicleScope = (actor: Actor): Scope => scopeOf(actor);
export const VEHICLE_SCOPE_COLUMNS = { unit: 'ownerUnitId', region: 'regionCode', company: 'ownerUnitId' } as const;
export const DRIVER_SCOPE_COLUMNS = { unit: 'unitId', region: 'regionCode', company: 'unitId' } as const;

export const canReadVehicle = (actor: Actor, v: VehiclePlace): boolean =>
  inScope(vehicleScope(actor), { unitId: v.ownerUnitId, regionCode: v.regionCode, companyId: v.ownerUnitId });

export const canReadDriver = (actor: Actor, d: DriverPlace): boolean =>
  inScope(vehicleScope(actor), { unitId: d.unitId, regionCode: d.regionCode, companyId: d.unitId });

/** A car and a driver picked for a trip (dispatch, rental acceptance): from the pool the actor sees. */
export const canPickVehicle = canReadVehicle;
export const canPickDriver = canReadDriver;

/** Who registers vehicles: unit fleet admins, rental companies (their own cars) and the platform admin. */
export const VEHICLE_REGISTRARS = ['fleet_admin', 'platform_admin', 'rental_operator'] as const satisfies readonly Role[];

export const mayRegisterVehicles = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.some((r) => (VEHICLE_REGISTRARS as readonly Role[]).includes(r));

/** Who enters and changes a unit's drivers: those who register its vehicles, for their own unit (the platform admin for any). */
export const mayManageDrivers = (actor: Actor, d: { unitId: number }): boolean =>
  mayRegisterVehicles(actor) && (scopeOf(actor).all || d.unitId === actor.unitId);
