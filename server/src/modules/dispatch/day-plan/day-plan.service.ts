import { DispatchErrorCode } from '@shared/dispatch/dispatch.errors';
import schedule from 'node-schedule';
import type { Logger } from '../../../platform/logger';
import type { NotificationsService } from '../../notifications';
import type { Scheduler } from '../../../platform/scheduler';
import type { Scope } from '../../../platform/data-scope';
import { canActOnDayPlan, canReadDayPlan, dayPlanScope } from '../../../platform/access';
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/errors';
import type { Database } from '../../../platform/db/database';
import type { DayPlanRepository } from './day-plan.repository';
import type { RequestActor } from '../../../platform/access';
import type { DayPlan, DayPlanMode, DayPlanMoveInput, DayPlanMoveOption } from '@shared/trips/day-plan.schemas';
import type { OneClickResult } from '@shared/trips/dispatch.schemas';
import { DEPOT, monthStart, type DispatchService, type VehiclePositionSource } from '../dispatch.service';
import type { DayPlanSettings } from './day-plan.config';
import type { DayPlanRow } from './day-plan.entity';
import { buildPlanning, dayStartMs, localDate, planModel, presentPlan, type PlanBody, type PlanModel } from './day-plan.instance';
import { PlanEditor } from './day-plan.edit';
import type { DayPlanRunner } from './day-plan.runner';

/** Who plans: a dispatcher, or the nightly job for a unit (no user). */
export interface Planner { unitId: number; userId: number | null; name: string; scope: Scope }

/** More trips than this in one day and one unit is beyond what a plan is computed for here. */
const MAX_TRIPS = 2000;
const QUICK_LIMIT_MS = 900;

/**
 * 排班方案: plan one day's approved trips of the dispatcher's unit together (quick: about a second,
 * answered at once; thorough: computed in the background for minutes), then 按方案派车 — each trip
 * dispatched in its own transaction by the same rules as a manual dispatch, so a trip changed since
 * planning is reported, never forced.
 */
export class DayPlanService {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Database, private readonly repo: DayPlanRepository, private readonly dispatch: DispatchService, private readonly runner: DayPlanRunner,
    private readonly positions: VehiclePositionSource, private readonly settings: DayPlanSettings, private readonly slotMinutes: number,
    private readonly notifications: NotificationsService, private readonly logger: Logger,
  ) {}

  /**
   * `wait`: a thorough plan is awaited rather than left to compute in the background; `limitSeconds`
   * replaces its time limit (both for the nightly job).
   */
  async create(actor: Planner, input: { date: string; mode: DayPlanMode }, options: { wait?: boolean; limitSeconds?: number } = {}): Promise<DayPlan> {
    const now = this.dispatch.clock.now().getTime();
    const today = localDate(now);
    const start = dayStartMs(input.date);
    if (Number.isNaN(start) || localDate(start) !== input.date) throw new ValidationError(DispatchErrorCode.INVALID_DATE, `日期 ${input.date} 不存在`, [{ field: 'body.date', message: '不存在的日期' }]);
    const last = localDate(now + this.settings.daysAhead * 86_400_000);
    if (input.date < today || input.date > last) {
      throw new ValidationError(DispatchErrorCode.DATE_OUT_OF_RANGE, `排班日期 ${input.date} 须在 ${today} 至 ${last} 之间`, [{ field: 'body.date', message: `须在 ${today} 至 ${last} 之间` }]);
    }
    if (input.mode === 'thorough') {
      const running = (await this.repo.running(actor.unitId, input.date)).find((r) => !this.stale(r, now));
      if (running) throw new ConflictError(DispatchErrorCode.DAY_PLAN_RUNNING, `${input.date} 的精细方案 ${running.id} 正在计算，请稍候查看`);
    }
    const planning = await this.planning(actor, input.date, now, start);
    if (planning.trips.size === 0) throw new ConflictError(DispatchErrorCode.DAY_PLAN_EMPTY, `${input.date} 没有待派车的行程`);

    const row = await this.repo.insert({
      unitId: actor.unitId, date: input.date, mode: input.mode, status: 'running', createdById: actor.userId, createdByName: actor.name,
      createdAt: new Date(now), finishedAt: null, message: null, resultJson: null, appliedJson: null, modelJson: null,
    });
    const limitMs = input.mode === 'quick' ? QUICK_LIMIT_MS : (options.limitSeconds ?? this.settings.thoroughSeconds) * 1000;
    const work = this.runner.run(planning.instance, input.mode, limitMs).then(async (reply) => {
      if (reply.ok) {
        const shown = presentPlan(planning, reply.result, reply.computeMs, reply.boundIsLp, this.settings);
        const body: PlanBody = { ...shown, edits: [], removed: [], bound: { lowerBound: reply.result.lowerBound, boundIsLp: reply.boundIsLp } };
        await this.finish(row, { status: 'ready', resultJson: JSON.stringify(body), modelJson: JSON.stringify(planModel(planning)) }, body);
      } else {
        this.logger.warn({ planId: row.id, error: reply.error }, 'day plan failed');
        await this.finish(row, { status: 'failed', message: reply.error.slice(0, 300) }, null);
      }
    });
    if (input.mode === 'quick' || options.wait) await work;
    else this.track(work.catch((err: unknown) => this.logger.error({ err, planId: row.id }, 'day plan could not be saved')));
    return this.present((await this.repo.find(row.id))!);
  }

  /**
   * 夜间排班: tomorrow's thorough plan for every unit with approved trips, one unit after another (a
   * plan holds a CPU), skipping units whose dispatcher already asked for one today. Runs once across
   * instances (Scheduler); a unit whose day is empty by then is skipped.
   */
  async planTomorrow(): Promise<number[]> {
    const now = this.dispatch.clock.now().getTime();
    const date = localDate(now + 86_400_000);
    const from = dayStartMs(date);
    const made: number[] = [];
    for (const unitId of await this.dispatch.booking.unitsWithApprovedTrips(new Date(from), new Date(from + 86_400_000))) {
      const today = await this.repo.countThoroughSince(unitId, date, new Date(dayStartMs(localDate(now))));
      if (today) continue;
      const planner: Planner = { unitId, userId: null, name: '系统（夜间排班）', scope: { all: false, regionPrefixes: [], unitIds: [unitId], companyIds: [] } };
      try {
        made.push((await this.create(planner, { date, mode: 'thorough' }, { wait: true, limitSeconds: this.settings.nightlySeconds })).id);
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    return made;
  }

  register(scheduler: Scheduler): void {
    if (this.settings.nightlyAtMin === null) return;
    const rule = new schedule.RecurrenceRule();
    rule.tz = 'Asia/Shanghai';
    rule.hour = Math.floor(this.settings.nightlyAtMin / 60);
    rule.minute = this.settings.nightlyAtMin % 60;
    scheduler.add('dispatch.day-plans-tomorrow', rule, () => this.planTomorrow());
  }

  /** The plans of the units the actor reads (access dayPlanScope: a dispatcher's unit, a supervisor's region). */
  async list(actor: RequestActor, date?: string): Promise<DayPlan[]> {
    const unitIds = await this.dispatch.identity.unitIdsInScope(dayPlanScope(actor));
    if (!unitIds.length) return [];
    const rows = await this.repo.latestOfUnits(unitIds, date, 20);
    return rows.map((r) => this.present(r));
  }

  async get(actor: RequestActor, id: number): Promise<DayPlan> {
    return this.present(await this.readable(actor, id));
  }

  /** 按方案派车: claims the plan (ready → applied, once), then dispatches trip by trip. */
  async apply(actor: RequestActor, id: number): Promise<DayPlan> {
    const row = await this.db.transaction(async () => {
      const r = await this.lockReady(actor, id, '派车');
      await this.repo.update(id, { status: 'applied' });
      return r;
    });
    const body = JSON.parse(row.resultJson!) as PlanBody;
    const { vehicles, drivers } = await this.resources(actor);
    const picksOf = new Map<number, Array<{ vehicleId: number; driverId: number; plate: string; order: number; count: number }>>();
    for (const route of body.routes) {
      route.stops.forEach((s, k) => {
        picksOf.set(s.tripId, [...(picksOf.get(s.tripId) ?? []), { vehicleId: route.vehicleId, driverId: route.driverId, plate: route.plate, order: k + 1, count: route.stops.length }]);
      });
    }
    const results: OneClickResult['results'] = [];
    for (const [tripId, picks] of [...picksOf].sort((a, b) => a[0] - b[0])) {
      const resolved = picks.flatMap((p) => {
        const v = vehicles.get(p.vehicleId);
        const d = drivers.get(p.driverId);
        return v && d ? [{ v, d, reason: `排班方案 ${id}：当日第 ${p.order}/${p.count} 趟` }] : [];
      });
      results.push(resolved.length < picks.length
        ? { tripId, dispatched: false, assignments: [], message: `行程 ${tripId} 的车辆或驾驶员已不在本单位车队中，请重新生成方案` }
        : await this.dispatch.commitTrip(actor, tripId, resolved));
    }
    for (const u of body.unserved) results.push({ tripId: u.tripId, dispatched: false, assignments: [], message: `方案未安排：${u.reason}` });
    await this.repo.update(id, { appliedJson: JSON.stringify(results.sort((a, b) => a.tripId - b.tripId)) });
    return this.get(actor, id);
  }

  /** 调整方案: the cars of the plan's pool that could take a trip instead of car `from` (or, unserved, at all), and what it would change. */
  async moveOptions(actor: RequestActor, id: number, query: { tripId: number; from?: number }): Promise<DayPlanMoveOption[]> {
    const r = await this.lockReady(actor, id, '调整', false, true);
    return this.editor(r).options(query.tripId, query.from ?? null);
  }

  /** 调整方案: one trip moves (another car, out of the plan, or onto a car), checked and costed by the plan's own rules. */
  async move(actor: RequestActor, id: number, input: DayPlanMoveInput): Promise<DayPlan> {
    await this.db.transaction(async () => {
      const r = await this.lockReady(actor, id, '调整', true, true);
      const body = this.editor(r).move(input, actor.name, this.dispatch.clock.now().toISOString());
      await this.repo.update(id, { resultJson: JSON.stringify(body) });
    });
    return this.get(actor, id);
  }

  /** Waits for background plans (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await this.runner.close();
    await this.idle();
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /**
   * The plan's outcome saved; a thorough plan computed in the background tells whoever waits for it
   * (the dispatcher who asked, or for a nightly plan the unit's dispatchers), in the same transaction.
   */
  private async finish(row: DayPlanRow, patch: Partial<DayPlanRow>, body: PlanBody | null): Promise<void> {
    await this.db.transaction(async () => {
      await this.repo.update(row.id, { ...patch, finishedAt: this.dispatch.clock.now() });
      if (row.mode !== 'thorough') return null;
      const userIds = row.createdById !== null ? [row.createdById] : await this.dispatch.identity.usersWithRole(row.unitId, 'dispatcher');
      const s = body?.summary;
      return this.notifications.record([{
        userIds, family: 'task', page: `/dispatch/day-plan?date=${row.date}`,
        ...(s
          ? { title: `${row.date} 排班方案已生成`, body: `方案 ${row.id}：${s.trips} 单行程用车 ${s.vehiclesUsed} 辆，未安排 ${s.unservedTrips} 单，请查看后按方案派车` }
          : { title: `${row.date} 排班方案计算失败`, body: `方案 ${row.id}：${patch.message ?? '原因未知'}，请重新生成` }),
      }]);
    });
  }

  /**
   * The plan, row-locked on MariaDB (applying and adjusting serialise on it), when it may still be
   * applied or adjusted; `what` names the action refused otherwise; `withModel` also reads model_json.
   */
  private async lockReady(actor: RequestActor, id: number, what: string, lock = true, withModel = false): Promise<DayPlanRow> {
    const r = await this.repo.findForEdit(id, lock, withModel);
    // Only the plan's own dispatchers act on it (access canActOnDayPlan); to anyone else it does not exist here.
    if (!r || !canActOnDayPlan(actor, r)) throw new NotFoundError(DispatchErrorCode.DAY_PLAN_NOT_FOUND, `排班方案 ${id} 不存在`);
    const now = this.dispatch.clock.now().getTime();
    if (r.status === 'applied') throw new ConflictError(DispatchErrorCode.DAY_PLAN_APPLIED, `排班方案 ${id} 已按方案派过车，不能再${what}`);
    if (r.status === 'running' && !this.stale(r, now)) throw new ConflictError(DispatchErrorCode.DAY_PLAN_NOT_READY, `排班方案 ${id} 仍在计算中`);
    if (r.status !== 'ready') throw new ConflictError(DispatchErrorCode.DAY_PLAN_FAILED, `排班方案 ${id} 计算失败，不能据此${what}`);
    return r;
  }

  /** The editor of a plan read with its model (lockReady's withModel). */
  private editor(r: DayPlanRow): PlanEditor {
    const { modelJson } = r;
    if (!modelJson) throw new ConflictError(DispatchErrorCode.DAY_PLAN_NOT_EDITABLE, `排班方案 ${r.id} 生成于方案调整功能之前，请重新生成后再调整`);
    return new PlanEditor(JSON.parse(r.resultJson!) as PlanBody, JSON.parse(modelJson) as PlanModel);
  }

  /** The plan when the actor reads it (access canReadDayPlan over its unit and that unit's region), else 404. */
  private async readable(actor: RequestActor, id: number): Promise<DayPlanRow> {
    const r = await this.repo.find(id);
    const regionCode = r ? (await this.dispatch.identity.unitById(r.unitId))?.regionCode ?? null : null;
    if (!r || !canReadDayPlan(actor, { unitId: r.unitId, regionCode })) throw new NotFoundError(DispatchErrorCode.DAY_PLAN_NOT_FOUND, `排班方案 ${id} 不存在`);
    return r;
  }

  /** A plan still 'running' well past its time limit was cut off (the server restarted): shown as failed. */
  private stale(r: DayPlanRow, nowMs: number): boolean {
    const limitMs = r.mode === 'quick' ? 60_000 : Math.max(this.settings.thoroughSeconds, this.settings.nightlySeconds) * 1000 + 120_000;
    return r.status === 'running' && nowMs - new Date(r.createdAt).getTime() > limitMs;
  }

  private present(r: DayPlanRow): DayPlan {
    const stale = this.stale(r, this.dispatch.clock.now().getTime());
    const body = r.resultJson ? (JSON.parse(r.resultJson) as PlanBody) : null;
    return {
      id: r.id, date: r.date, mode: r.mode, status: stale ? 'failed' : r.status, createdByName: r.createdByName,
      createdAt: new Date(r.createdAt).toISOString(), finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
      message: stale ? '计算中断（服务重启或超时），请重新生成' : r.message,
      summary: body?.summary ?? null, routes: body?.routes ?? [], unserved: body?.unserved ?? [], excluded: body?.excluded ?? [],
      applied: r.appliedJson ? (JSON.parse(r.appliedJson) as OneClickResult['results']) : null,
      edits: body?.edits ?? [],
      // Plans made before adjustments existed have no edit log (and no stored model).
      editable: !stale && r.status === 'ready' && body?.edits !== undefined,
    };
  }

  private async resources(actor: RequestActor) {
    const { vehicles, drivers } = await this.dispatch.fleet.availablePool(actor.scope);
    return { vehicles: new Map(vehicles.map((v) => [v.id, v])), drivers: new Map(drivers.map((d) => [d.id, d])) };
  }

  private async planning(actor: Planner, date: string, nowMs: number, start: number) {
    const from = new Date(Math.max(start, nowMs));
    const to = new Date(start + 86_400_000);
    const [trips, { vehicles, drivers }, busy, usage] = await Promise.all([
      this.dispatch.booking.approvedTripsStarting(actor.scope, from, to, MAX_TRIPS + 1),
      this.dispatch.fleet.availablePool(actor.scope),
      this.dispatch.booking.busyWindows(new Date(start), to), this.dispatch.booking.monthlyUsage(monthStart(new Date(nowMs))),
    ]);
    if (trips.length > MAX_TRIPS) throw new ConflictError(DispatchErrorCode.DAY_PLAN_TOO_LARGE, `${date} 待派车行程超过 ${MAX_TRIPS} 单，请分单位排班`);
    const positions = await this.positions.latest(vehicles.map((v) => v.id));
    return buildPlanning({ date, nowMs, trips, vehicles, drivers, busy, usage, positions, depot: DEPOT, settings: this.settings, slotMinutes: this.slotMinutes });
  }
}

