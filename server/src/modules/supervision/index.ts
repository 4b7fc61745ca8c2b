/** Public names of supervision: warnings and their loop, the data pool. */
export { createSupervisionModule, SUPERVISION_SUBSCRIBER, type SupervisionModule } from './supervision.module';
export type { WarningEngine, EnginePorts, SupervisedVehicle } from './warning-engine';
export type { WarningsService, UnitNames } from './warnings.service';
export type { PoolService, PoolPorts } from './pool.service';
export type { LivePositions } from './live-positions';
export type { PositionReport } from './position-stream';
export { loadRuleSettings } from './supervision.config';
