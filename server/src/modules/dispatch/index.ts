import { DayPlanEntity } from './day-plan/day-plan.entity';

export { DispatchRepository } from './dispatch.repository';
export { DispatchService } from './dispatch.service';
export type { VehiclePositionSource } from './dispatch.service';
export { EmergencyService } from './emergency.service';
export { RentalOrdersService } from './rental-orders.service';
export { dispatchRoutes } from './dispatch.routes';
export { planDispatch } from './dispatch.plan';
export { DayPlanService } from './day-plan/day-plan.service';
export { dayPlanRoutes } from './day-plan/day-plan.routes';
export { ThreadDayPlanRunner, type DayPlanRunner } from './day-plan/day-plan.runner';
export { loadDayPlanSettings, type DayPlanSettings } from './day-plan/day-plan.config';
export { DayPlanEntity };
export const DispatchEntities = [DayPlanEntity];
