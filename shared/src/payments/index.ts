export * from './payments.schemas';
export * from './deposit.schemas';
