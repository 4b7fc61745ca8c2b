export { startFakeViolationSupplier, type RunningFakeViolationSupplier } from './fake-violation-supplier';
