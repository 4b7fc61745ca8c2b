/**
 * Seeded dispatch instances for tests and benchmarks (bench/ imports them from here): the same seed
 * always yields the same batch or day, so runs compare like with like. Not part of the solver library.
 */
export { createSeededRandom, type SeededRandom } from './seeded-random';
export { generateAssignmentInstance, type AssignmentInstance } from './assignment-instance.generator';
export { generateDayInstance, type DayInstanceOptions } from './dayplan-instance.generator';
