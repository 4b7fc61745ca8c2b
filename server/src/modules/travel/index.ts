// What the composition root uses of the 出差 record.
export { TravelService } from './travel.service';
export { createTravelModule } from './travel.module';
export type { TravelModule } from './travel.module';
export { TravelLinksService } from './travel-links.service';
export type { TravelVehicles } from './travel-links.service';
