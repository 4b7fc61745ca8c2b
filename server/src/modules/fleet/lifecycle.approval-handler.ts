import { formatPlate } from '@shared/common/format';
import { shanghaiDate } from '@shared/common/time';
import { applicationKindLabel, type DisposalMethod } from '@shared/fleet/lifecycle.schemas';
import type { VehicleStatus } from '@shared/fleet/fleet.schemas';
import type { Clock } from '../../platform/clock';
import type { EventBus } from '../../platform/events';
import type { ApprovalHandler, ApprovalRequestRow } from '../approvals';
import type { Notice } from '../notifications';
import type { VehicleApplicationRow } from './lifecycle.entity';
import type { LifecycleRepository } from './lifecycle.repository';
import type { VehicleRow } from './fleet.entity';
import { vehicleFacts } from './vehicle-facts';

/**
 * The renewal (配备更新, procurement included), disposal and exemption kinds of the approval center. Each
 * runs in the decision's transaction: the application and the registry change with the decision or not at all.
 * - renewal approved: the old vehicle goes to 待处置 (先处置后更新) and gives its quota place to its
 *   replacement, which the unit registers against the renewal; procurement approved: the quota grows by one.
 * - disposal approved: the vehicle is 已处置 (out of the active fleet), its terminal unbound and telematics
 *   told (vehicle.terminal_unbound, from the outbox); the proceeds are recorded afterwards.
 * - exemption approved: the vehicle is marked 暂不纳入 (still in the registry, listed for supervisors).
 * Rejected or returned: the application closes (a returned one is applied for again, corrected); a disposal
 * gives the vehicle back its status.
 */
export function lifecycleApprovalHandler(repo: LifecycleRepository, events: Pick<EventBus, 'record'>, clock: Clock): ApprovalHandler {
  const page = (a: VehicleApplicationRow) => (a.vehicleId ? `/packages/fleet/detail/index?id=${a.vehicleId}` : '/packages/fleet/index/index');
  const tell = (a: VehicleApplicationRow, title: string, body: string): Notice[] => [{ userIds: [a.applicantId], family: 'approval', title, body, page: page(a) }];

  /** The registry change told with the decision (the upward feed's 车辆信息). */
  const changed = (v: VehicleRow, patch: Partial<VehicleRow>, change: string) =>
    events.record('vehicle.changed', v.id, { ...vehicleFacts({ ...v, ...patch }), change, at: clock.now().toISOString() });

  async function load(req: ApprovalRequestRow): Promise<VehicleApplicationRow | null> {
    const app = await repo.find(req.subjectId, true);
    return app && app.status === 'pending' ? app : null;
  }

  async function approved(req: ApprovalRequestRow): Promise<Notice[]> {
    const app = await load(req);
    if (!app) return [];
    const now = clock.now();
    const label = applicationKindLabel[app.kind];
    const details = JSON.parse(app.detailsJson) as Record<string, unknown>;
    const v = app.vehicleId ? await repo.lockVehicle(app.vehicleId) : null;
    if (app.kind === 'renewal' && v) {
      await repo.move(app.id, ['pending'], { status: 'approved', decidedAt: now });
      await repo.updateVehicle(v.id, { status: 'pending_disposal', replacedByApplicationId: app.id });
      await changed(v, { status: 'pending_disposal' }, `更新申请 ${app.id} 已批准，转为待处置`);
      return tell(app, `${label}申请已批准`, `${formatPlate(v.plate)} 转为待处置；新车到位后请在登记时选择更新申请 ${app.id}`);
    }
    if (app.kind === 'procurement' && details.quotaFree === true) {
      // 国有企业业务用车: outside 编制, nothing to raise (unit-kind-rules.ts).
      await repo.move(app.id, ['pending'], { status: 'completed', decidedAt: now });
      return tell(app, `${label}申请已批准`, `业务用车不占编制，可登记新车：${String(details.brandModel ?? '')}`);
    }
    if (app.kind === 'procurement') {
      const quota = await repo.raiseQuota(app.unitId, app.category);
      await repo.move(app.id, ['pending'], { status: 'completed', decidedAt: now });
      return tell(app, `${label}申请已批准`, `编制增至 ${quota} 辆，可登记新车：${String(details.brandModel ?? '')}`);
    }
    if (app.kind === 'disposal' && v) {
      await repo.move(app.id, ['pending'], { status: 'approved', decidedAt: now });
      await repo.updateVehicle(v.id, { status: 'disposed', terminalPhone: null });
      const at = now.toISOString();
      await events.record('vehicle.disposed', v.id, { vehicleId: v.id, plate: v.plate, unitId: v.ownerUnitId, method: details.method as DisposalMethod, applicationId: app.id, at });
      if (v.terminalPhone) {
        await events.record('vehicle.terminal_unbound', v.id, { vehicleId: v.id, terminalPhone: v.terminalPhone, reason: `处置申请 ${app.id} 已批准`, at });
      }
      await changed(v, { status: 'disposed', terminalPhone: null }, `处置申请 ${app.id} 已批准`);
      return tell(app, `${label}申请已批准`, `${formatPlate(v.plate)} 已退出在用车辆${v.terminalPhone ? '，车载终端已解绑' : ''}；处置完成后请登记处置收入`);
    }
    if (app.kind === 'exemption' && v) {
      await repo.move(app.id, ['pending'], { status: 'approved', decidedAt: now });
      await repo.updateVehicle(v.id, { exemptedOn: shanghaiDate(now) });
      await changed(v, { exemptedOn: shanghaiDate(now) }, `暂不纳入申请 ${app.id} 已批准`);
      return tell(app, `${label}申请已批准`, `${formatPlate(v.plate)} 暂不纳入平台管理`);
    }
    return [];
  }

  async function closed(req: ApprovalRequestRow, status: 'rejected' | 'returned', comment: string): Promise<Notice[]> {
    const app = await load(req);
    if (!app) return [];
    await repo.move(app.id, ['pending'], { status, decidedAt: clock.now() });
    if (app.kind === 'disposal' && app.vehicleId) {
      const previous = (JSON.parse(app.detailsJson) as { previousStatus?: VehicleStatus }).previousStatus ?? 'in_use';
      await repo.updateVehicle(app.vehicleId, { status: previous });
      const v = await repo.lockVehicle(app.vehicleId);
      if (v) await changed(v, {}, `处置申请 ${app.id} ${status === 'rejected' ? '未获批准' : '被退回'}，恢复原状态`);
    }
    return tell(app, `${applicationKindLabel[app.kind]}申请${status === 'rejected' ? '未获批准' : '被退回'}`, comment);
  }

  return {
    onApproved: (req) => approved(req),
    onRejected: (req, _d, comment) => closed(req, 'rejected', comment),
    onReturned: (req, _d, comment) => closed(req, 'returned', comment),
  };
}
