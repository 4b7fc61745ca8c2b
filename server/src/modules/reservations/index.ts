// What the composition root and other modules use of reservations: services, the supplier port and its HTTP adapter, the factory.
export { ReservationsService, RESERVATION_PAYMENT_SOURCE } from './reservations.service';
export type { TravelAuthority } from './reservations.service';
export { SupplierService, ISSUE_ATTEMPTS } from './supplier.service';
export { StandardsService } from './standards.service';
export { HttpTicketSupplierGateway } from './ticket-supplier.gateway';
export type { TicketSupplierGateway, SupplierOrder, SupplierFare } from './ticket-supplier.gateway';
export { createReservationsModule, RESERVATION_PAYMENT_SUBSCRIBER } from './reservations.module';
export type { ReservationsModule } from './reservations.module';
