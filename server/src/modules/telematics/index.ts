/** Public names of the telematics capability (JT/T 808 gateway, commands, positions, codec). */
export { createTelematicsModule, type TelematicsModule, type TelematicsDeps } from './telematics.module';
export { loadTelematicsConfig, telematicsEnvShape, type TelematicsConfig } from './telematics.config';
export { TelematicsEntities } from './telematics.entities';
export { fleetTerminalDirectory, fleetVehicleAccess } from './telematics.adapters';
export type { VehicleAccess } from './telematics.routes';
export type { LiveReport, TelematicsEvent, TerminalDirectory, TerminalInfo } from './telematics.ports';
export { subscribeTelematicsEvents, EVENTS_CHANNEL } from './gateway/event-sink';
export type { CommandView } from './command.service';
// The JT/T 808 codec, for the terminal simulator (server/src/fakes/jt808-terminal) and the composition root.
export {
  ByteWriter, checksum, decodeDoorControl, decodeMessage, DeviceProfiles, encodeHeader, encodeMessage, encodeSplitMessage,
  escapeFrame, FLAG, formatGpsTime, FrameSplitter, MSG, normalizePhone, REGISTER_RESULT, REPLY_RESULT, STANDARD_PROFILE, STATUS,
  type Body, type DeviceProfile, type Edition, type Location, type LocationBasics,
} from './jt808';
