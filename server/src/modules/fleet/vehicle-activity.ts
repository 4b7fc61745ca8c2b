import type { VehicleMileage, VehicleTripLine, VehicleWarningLine } from '@shared/fleet/lifecycle.schemas';
import type { RequestActor } from '../../platform/access';

/**
 * What the vehicle page reads from the modules that own it (#17 item 3): trips (its assignments and the
 * odometers recorded on them) and supervision (its warnings). Both stand above fleet — they read vehicles —
 * so fleet names what it needs here and the composition root hands in their services; each applies its own
 * access policy to the actor.
 */
export interface VehicleActivity {
  history(actor: RequestActor, vehicleId: number): Promise<{ trips: VehicleTripLine[]; mileage: Omit<VehicleMileage, 'odometerKm'> }>;
  /** Null: the actor does not read warnings. */
  warnings(actor: RequestActor, vehicleId: number): Promise<VehicleWarningLine[] | null>;
}

/** Until the root connects trips and supervision (and in a fleet built alone): nothing to show. */
export const noActivity: VehicleActivity = {
  history: async () => ({ trips: [], mileage: { thisMonthKm: 0, thisYearKm: 0, readings: [] } }),
  warnings: async () => null,
};
