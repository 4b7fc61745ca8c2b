export { DispatchRepository } from './dispatch.repository';
export { DispatchService } from './dispatch.service';
export { EmergencyService } from './emergency.service';
export { RentalOrdersService } from './rental-orders.service';
export { dispatchRoutes } from './dispatch.routes';
export { planDispatch } from './dispatch.plan';
