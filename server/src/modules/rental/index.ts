/** Public names of the time-share rental capability (分时租赁). */
export { createRentalModule, type RentalModule } from './rental.module';
export { RentalService, loadRentalSettings, type RentalSettings } from './rental.service';
export { RentalFleetService, rentalCarHomes } from './rental-fleet.service';
export { RentalPaymentsService, RENTAL_PAYMENT_KIND } from './rental-payments.service';
export { priceRental, distanceToFence, insideFence, MIN_BATTERY_PCT } from './rental.rules';
export type { RentalTerminals, CarFix } from './rental.ports';
export { EXPIRE_RESERVATIONS_JOB, SETTLE_PAYSCORE_JOB, CHARGE_CLAIMS_JOB } from './rental.jobs';
export { RentalEvidenceService } from './rental-evidence.service';
