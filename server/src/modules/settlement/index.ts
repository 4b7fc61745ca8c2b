export { SettlementEntities, BillableOrderEntity, SettlementStatementEntity, SettlementLineEntity } from './settlement.entity';
export { recordBillableOrder } from './billable-order';
export type { BillableOrderInput } from './billable-order';
export { SettlementService } from './settlement.service';
export type { SettlementDeps } from './settlement.service';
export type { DirectoryUnit, SettlementDirectory } from './settlement.directory';
export { settlementRoutes } from './settlement.routes';
export { buildStatementWorkbook, fenToChineseUppercase } from './settlement.excel';
export { unitTableDirectory } from './settlement.directory';
