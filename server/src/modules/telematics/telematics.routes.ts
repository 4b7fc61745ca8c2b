import { TelematicsErrorCode } from '@shared/telematics/telematics.errors';
import type { RequestActor } from '../../platform/access';
import { ApiRouter } from '../../platform/http/api-router';
import { NotFoundError } from '../../platform/errors';
import type { CommandService } from './command.service';
import type { TelematicsService } from './telematics.service';
import {
  commandIdParamSchema, commandSchema, issueCommandSchema, latestPositionsQuerySchema, nearQuerySchema, trackQuerySchema,
  trackSchema, vehicleIdParamSchema, vehiclePositionListSchema,
} from '@shared/telematics/telematics.schemas';

/**
 * The caller's view of vehicles, from the fleet module (data scope, DOMAIN.md §2): a vehicle
 * outside the scope does not exist for the caller.
 */
export interface VehicleAccess {
  /** Throws NotFoundError when the vehicle is missing or outside the actor's scope. */
  visibleVehicle(actor: RequestActor, vehicleId: number): Promise<{ id: number; plate: string }>;
  /** The vehicles the actor may see (bounded list). */
  visibleVehicles(actor: RequestActor, limit: number): Promise<Array<{ id: number; plate: string }>>;
}

/** Who may send door commands: dispatchers and fleet admins (and the platform admin). */
const COMMANDERS = ['dispatcher', 'fleet_admin', 'platform_admin'] as const;
const VIEWERS = ['dispatcher', 'fleet_admin', 'platform_admin', 'supervisor'] as const;

export function telematicsRoutes(svc: TelematicsService, commands: CommandService, access: VehicleAccess): ApiRouter {
  return new ApiRouter()
    .add({
      method: 'get', path: '/api/telematics/positions', tag: 'telematics', summary: '车辆最新位置（含在线状态）', auth: VIEWERS,
      query: latestPositionsQuerySchema, response: vehiclePositionListSchema,
      handler: async ({ actor, query }) => {
        const vehicles = query.vehicleIds
          ? await Promise.all(query.vehicleIds.split(',').map((id) => access.visibleVehicle(actor, Number(id))))
          : await access.visibleVehicles(actor, 500);
        const plates = new Map(vehicles.map((v) => [v.id, v.plate]));
        const items = await svc.latestPositions(vehicles.map((v) => v.id));
        return { items: items.map((i) => ({ ...i, plate: plates.get(i.vehicleId) ?? '' })) };
      },
    })
    .add({
      method: 'get', path: '/api/telematics/near', tag: 'telematics', summary: '附近车辆', auth: VIEWERS,
      query: nearQuerySchema, response: vehiclePositionListSchema,
      handler: async ({ actor, query }) => {
        const visible = new Map((await access.visibleVehicles(actor, 5000)).map((v) => [v.id, v.plate]));
        const items = await svc.near(query.lat, query.lon, query.radiusM, (id) => visible.has(id));
        return { items: items.map((i) => ({ ...i, plate: visible.get(i.vehicleId) ?? '' })) };
      },
    })
    .add({
      method: 'get', path: '/api/telematics/vehicles/:id/track', tag: 'telematics', summary: '车辆轨迹（两时刻之间）', auth: VIEWERS,
      params: vehicleIdParamSchema, query: trackQuerySchema, response: trackSchema,
      handler: async ({ actor, params, query }) => {
        await access.visibleVehicle(actor, params.id);
        return { vehicleId: params.id, points: await svc.track(params.id, new Date(query.from), new Date(query.to)) };
      },
    })
    .add({
      method: 'post', path: '/api/telematics/vehicles/:id/commands', tag: 'telematics', summary: '下发车门锁/解锁、位置查询、临时跟踪指令',
      auth: COMMANDERS, params: vehicleIdParamSchema, body: issueCommandSchema, response: commandSchema, urgent: true,
      // Answers within `waitMs` (default JT808_COMMAND_WAIT_MS): `final: true` carries the outcome;
      // `final: false` carries the command id to poll at GET /api/telematics/commands/:id.
      handler: async ({ actor, params, body }) => {
        await access.visibleVehicle(actor, params.id);
        return commands.issue({ vehicleId: params.id, ...body, requestedBy: actor.userId });
      },
    })
    .add({
      method: 'get', path: '/api/telematics/commands/:id', tag: 'telematics', summary: '指令状态', auth: COMMANDERS,
      params: commandIdParamSchema, response: commandSchema,
      handler: async ({ actor, params }) => {
        const view = await commands.get(params.id);
        await access.visibleVehicle(actor, view.vehicleId).catch(() => {
          throw new NotFoundError(TelematicsErrorCode.COMMAND_NOT_FOUND, `指令 ${params.id} 不存在`);
        });
        return view;
      },
    });
}
