import type { Edition } from './header';
import type { VehicleControl } from './messages';

export type DoorAction = 'lock' | 'unlock';

/**
 * What a device model really does, which is not always what the standard says (jt808.md: "some
 * devices set bit 14 but send 2013 bodies"; "some devices get the 0x8500 polarity wrong").
 */
export interface DeviceProfile {
  model: string;
  /** Body edition to use regardless of the header's bit 14; absent = follow the header. */
  bodyEdition?: Edition;
  /** 0x8500 layout; absent = follow the body edition. */
  controlLayout?: Edition;
  /** 'inverted' swaps the meaning of the lock bit/param. */
  lockPolarity: 'standard' | 'inverted';
}

export const STANDARD_PROFILE: DeviceProfile = { model: 'standard', lockPolarity: 'standard' };

/** Profiles by device model; the platform passes its own table (from config) to override. */
export class DeviceProfiles {
  private readonly byModel: Map<string, DeviceProfile>;
  constructor(profiles: DeviceProfile[] = []) {
    this.byModel = new Map(profiles.map((p) => [p.model, p]));
  }
  resolve(model: string | null | undefined): DeviceProfile {
    return (model && this.byModel.get(model)) || STANDARD_PROFILE;
  }
}

export function bodyEditionOf(profile: DeviceProfile, headerEdition: Edition): Edition {
  return profile.bodyEdition ?? headerEdition;
}

/**
 * Builds the 0x8500 body for a door action. 2013: bit 0, 1 = lock, 0 = unlock.
 * 2019: item type 0x0001 (door), param 0 = lock, 1 = open.
 */
export function encodeDoorControl(action: DoorAction, profile: DeviceProfile, bodyEdition: Edition): VehicleControl {
  const layout = profile.controlLayout ?? bodyEdition;
  const lock = (action === 'lock') !== (profile.lockPolarity === 'inverted');
  if (layout === 2013) return { layout: 2013, flag: lock ? 1 : 0 };
  return { layout: 2019, items: [{ type: 0x0001, param: Buffer.from([lock ? 0 : 1]) }] };
}

/** The terminal side of the same table: which action a 0x8500 body asks for, or null if none. */
export function decodeDoorControl(vc: VehicleControl, profile: DeviceProfile): DoorAction | null {
  let lock: boolean;
  if (vc.layout === 2013) lock = (vc.flag & 1) === 1;
  else {
    const door = vc.items.find((i) => i.type === 0x0001);
    if (!door) return null;
    lock = door.param[0] === 0;
  }
  if (profile.lockPolarity === 'inverted') lock = !lock;
  return lock ? 'lock' : 'unlock';
}
