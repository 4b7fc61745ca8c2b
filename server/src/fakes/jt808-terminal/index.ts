/** The JT/T 808 terminal simulator: a fake of the vehicles' terminals for demo mode, tests and benchmarks. */
export { startDemoFleet, offlineNow, unitSpot, type DemoFleet, type DemoTripSource, type DemoVehicle } from './demo-fleet';
export { DemoCar, type Spot } from './demo-car';
export { SimulatorFleet, simulatedIdentity, percentile, type FleetTerminal, type FleetOptions } from './fleet';
export { SimulatedTerminal, type Misbehaviour } from './simulated-terminal';
export { loopFor, positionAt, type Loop } from './route';
