// What the composition root (and tests of the pure planning code) use of dispatch.
export type { DispatchService, VehiclePositionSource } from './dispatch.service';
export { planDispatch } from './dispatch.plan';
export type { DayPlanService } from './day-plan/day-plan.service';
export { ThreadDayPlanRunner, type DayPlanRunner } from './day-plan/day-plan.runner';
export { loadDayPlanSettings, type DayPlanSettings } from './day-plan/day-plan.config';
export { createDispatchModule } from './dispatch.module';
export type { DispatchModule } from './dispatch.module';
