export { startFakeTicketSupplier, faresFor } from './fake-ticket-supplier';
export type { RunningFakeTicketSupplier, FakeOrder, SupplierOp } from './fake-ticket-supplier';
