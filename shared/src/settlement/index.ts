export * from './settlement.schemas';
