/** Public names of the traffic-violation capability (违章, #21 item 3). */
export { createViolationsModule, type ViolationsModule } from './violations.module';
export type { ViolationsService, ViolationPorts, ViolationNotices } from './violations.service';
export type { Holder } from './violations.rules';
export { HttpViolationSupplier, sign as signViolationWire, signatureHolds as violationSignatureHolds } from './violation-supplier.gateway';
export { VIOLATION_COLUMNS } from './violations.excel';
