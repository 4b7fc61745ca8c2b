/** Public names of the telematics capability (JT/T 808 gateway, commands, positions, simulator). */
export { startTelematics, type TelematicsCapability, type TelematicsDeps } from './telematics.capability';
export { loadTelematicsConfig, telematicsEnvShape, type TelematicsConfig } from './telematics.config';
export { TelematicsEntities } from './telematics.entities';
export { fleetTerminalDirectory, fleetVehicleAccess } from './telematics.adapters';
export type { VehicleAccess } from './telematics.routes';
export type { TelematicsEvent, TerminalDirectory, TerminalInfo } from './telematics.ports';
export { subscribeTelematicsEvents, EVENTS_CHANNEL } from './gateway/event-sink';
export type { CommandView } from './command.service';
export { SimulatorFleet, simulatedIdentity, type FleetTerminal } from './simulator/fleet';
