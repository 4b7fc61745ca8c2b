export * from './rental.schemas';
export * from './rental.errors';
export * from './rental.events';
