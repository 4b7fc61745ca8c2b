import type { RequestActor } from '../../platform/access';
import { normalizePhone } from './jt808';
import type { VehicleAccess } from './telematics.routes';
import type { TerminalDirectory, TerminalInfo } from './telematics.ports';

/** The part of the fleet repository the directory needs (FleetRepository fits it). */
export interface FleetVehicleLookup {
  findVehicleByTerminal(terminalPhone: string): Promise<VehicleLike | null>;
  findVehicle(id: number): Promise<VehicleLike | null>;
}
interface VehicleLike {
  id: number;
  plate: string;
  ownerUnitId: number;
  terminalPhone: string | null;
  deviceModel: string | null;
  status?: string;
}

/** Terminal identities from the vehicle registry (a terminal must belong to a registered vehicle). */
export function fleetTerminalDirectory(fleet: FleetVehicleLookup): TerminalDirectory {
  const toInfo = (v: VehicleLike | null): TerminalInfo | null =>
    v && v.terminalPhone && v.status !== 'disposed'
      ? { vehicleId: v.id, plate: v.plate, unitId: v.ownerUnitId, deviceModel: v.deviceModel, phone: normalizePhone(v.terminalPhone) }
      : null;
  return {
    // Registries hold phones as entered: try the normalised form, then the 2013 zero-padded one.
    async findByPhone(phone) {
      return toInfo((await fleet.findVehicleByTerminal(phone)) ?? (await fleet.findVehicleByTerminal(phone.padStart(12, '0'))));
    },
    async findByVehicleId(id) {
      return toInfo(await fleet.findVehicle(id));
    },
  };
}

/** The part of the fleet service the routes need (FleetService fits it). */
export interface FleetVehicleScope {
  getVehicle(actor: RequestActor, id: number): Promise<{ id: number; plate: string }>;
  listVehicles(actor: RequestActor, q: { page: number; pageSize: number }): Promise<{ items: Array<{ id: number; plate: string }> }>;
}

export function fleetVehicleAccess(fleet: FleetVehicleScope): VehicleAccess {
  return {
    visibleVehicle: (actor, id) => fleet.getVehicle(actor, id),
    async visibleVehicles(actor, limit) {
      const out: Array<{ id: number; plate: string }> = [];
      for (let page = 1; out.length < limit; page++) {
        const { items } = await fleet.listVehicles(actor, { page, pageSize: 100 });
        out.push(...items.map((v) => ({ id: v.id, plate: v.plate })));
        if (items.length < 100) break;
      }
      return out.slice(0, limit);
    },
  };
}
