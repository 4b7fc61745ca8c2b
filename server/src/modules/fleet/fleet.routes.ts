import { z } from 'zod';
import { ApiRouter } from '../../platform/http/api-router';
import { VEHICLE_REGISTRARS } from '../../platform/access';
import { pageOf, pageQuerySchema } from '@shared/common/pagination';
import { createDriverSchema, driverSchema, registerVehicleSchema, updateDriverSchema, vehicleListQuerySchema, vehicleSchema } from '@shared/fleet/fleet.schemas';
import type { FleetService } from './fleet.service';

const idParam = z.strictObject({ id: z.coerce.number().int().positive() });

export function fleetRoutes(svc: FleetService): ApiRouter {
  return new ApiRouter()
    .add({
      method: 'get', path: '/api/vehicles', tag: 'fleet', summary: '可见的车辆', query: vehicleListQuerySchema,
      response: pageOf(vehicleSchema), handler: ({ actor, query }) => svc.listVehicles(actor, query),
    })
    .add({
      method: 'post', path: '/api/vehicles', tag: 'fleet', summary: '登记车辆（校验编制）', status: 201,
      auth: VEHICLE_REGISTRARS,
      body: registerVehicleSchema, response: vehicleSchema, handler: ({ actor, body }) => svc.registerVehicle(actor, body),
    })
    .add({
      method: 'get', path: '/api/vehicles/:id', tag: 'fleet', summary: '车辆档案',
      params: idParam, response: vehicleSchema, handler: ({ actor, params }) => svc.getVehicle(actor, params.id),
    })
    .add({
      method: 'get', path: '/api/drivers', tag: 'fleet', summary: '可见的驾驶员', query: pageQuerySchema,
      response: pageOf(driverSchema), handler: ({ actor, query }) => svc.listDrivers(actor, query),
    })
    .add({
      method: 'get', path: '/api/drivers/:id', tag: 'fleet', summary: '驾驶员详情',
      params: idParam, response: driverSchema, handler: ({ actor, params }) => svc.getDriver(actor, params.id),
    })
    .add({
      method: 'post', path: '/api/drivers', tag: 'fleet', summary: '登记驾驶员', status: 201, auth: VEHICLE_REGISTRARS,
      body: createDriverSchema, response: driverSchema, handler: ({ actor, body }) => svc.createDriver(actor, body),
    })
    .add({
      method: 'put', path: '/api/drivers/:id', tag: 'fleet', summary: '修改驾驶员（驾驶证、停用）', auth: VEHICLE_REGISTRARS,
      params: idParam, body: updateDriverSchema, response: driverSchema, handler: ({ actor, params, body }) => svc.updateDriver(actor, params.id, body),
    });
}
