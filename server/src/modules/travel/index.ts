// What the composition root uses of the 出差 record.
export { TravelService } from './travel.service';
export { createTravelModule } from './travel.module';
export type { TravelModule } from './travel.module';
