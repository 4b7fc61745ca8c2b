import { EntitySchema } from 'typeorm';
import type { DayPlanMode, DayPlanStatus } from '@shared/trips/day-plan.schemas';

/**
 * A 排班方案 as computed: the plan itself (routes, unserved, excluded, summary) is kept as JSON, as
 * shown to the dispatcher at the time; applying it dispatches through the trips' own rules again.
 */
export interface DayPlanRow {
  id: number; unitId: number; date: string; mode: DayPlanMode; status: DayPlanStatus;
  /** Null when the nightly job made it. */
  createdById: number | null; createdByName: string; createdAt: Date; finishedAt: Date | null;
  message: string | null; resultJson: string | null; appliedJson: string | null;
  /** What the solver was given (day-plan.edit.ts PlanModel), for adjustments; not read when listing. */
  modelJson: string | null;
}

const at = (name: string, nullable = false) => ({ name, type: 'datetime' as const, precision: 3, nullable });

export const DayPlanEntity = new EntitySchema<DayPlanRow>({
  name: 'DayPlan', tableName: 'day_plan',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    unitId: { name: 'unit_id', type: 'integer' },
    date: { type: 'varchar', length: 10 },
    mode: { type: 'varchar', length: 16 },
    status: { type: 'varchar', length: 16 },
    createdById: { name: 'created_by_id', type: 'integer', nullable: true },
    createdByName: { name: 'created_by_name', type: 'varchar', length: 64 },
    createdAt: at('created_at'),
    finishedAt: at('finished_at', true),
    message: { type: 'varchar', length: 300, nullable: true },
    resultJson: { name: 'result_json', type: 'text', nullable: true, select: true },
    appliedJson: { name: 'applied_json', type: 'text', nullable: true },
    modelJson: { name: 'model_json', type: 'text', nullable: true, select: false },
  },
});

export const DispatchEntities = [DayPlanEntity];
