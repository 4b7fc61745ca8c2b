export { SettlementService } from './settlement.service';
export { settlementRoutes } from './settlement.routes';
// 人民币大写, for other modules' finance documents (the 出差 record's 报销单).
export { fenToChineseUppercase } from './settlement.excel';
export { createSettlementModule } from './settlement.module';
export type { SettlementModule } from './settlement.module';
export type { DirectoryUnit, SettlementDirectory } from './settlement.directory';
// How a module that fulfils orders (rental, reservations) bills them, in its own unit of work.
export { recordBillableOrder, replaceBillableOrder } from './billable-order';
export type { AmountParts, BillableOrderInput, BillingDeps, Replacement } from './billable-order';
// Trip billing's subscriber and order ids (its deliveries are kept under this name).
export { tripOrderId, TRIP_BILLING_SUBSCRIBER } from './trip-billing';
export { RESERVATION_BILLING_SUBSCRIBER } from './reservation-billing';
