import { z } from 'zod';
import { ApiRouter } from '../../platform/http/api-router';
import { QUOTA_SETTERS, SERVICE_RECORDERS, VEHICLE_APPLICANTS, VEHICLE_REGISTRARS } from '../../platform/access';
import {
  recordServiceSchema, serviceImportResultSchema, serviceImportSchema, serviceKindLabel, serviceRecordListQuerySchema, serviceRecordSchema,
} from '@shared/fleet/service-records.schemas';
import type { ServiceRecordsService } from './service-records.service';
import { pageOf } from '@shared/common/pagination';
import {
  applicationListQuerySchema, applicationSchema, bindTerminalSchema, disposalApplySchema, disposalProceedsSchema, exemptionApplySchema, exemptionListSchema,
  procurementApplySchema, quotaUseQuerySchema, quotaUseSchema, renewalApplySchema, setQuotaSchema, setVehicleStandardSchema, vehicleImportResultSchema,
  vehicleImportSchema, vehicleLifeSchema, vehicleStandardSchema, quotaImportSchema, quotaImportResultSchema,
} from '@shared/fleet/lifecycle.schemas';
import { vehicleSchema } from '@shared/fleet/fleet.schemas';
import type { FleetService } from './fleet.service';
import { toVehicle } from './fleet.service';
import type { LifecycleService } from './lifecycle.service';
import { vehicleImportTemplate } from './vehicle-import';
import { quotaImportTemplate } from './quota-import';
import type { VehicleActivity } from './vehicle-activity';
import { vehicleDocuments } from './vehicle-documents';
import type { Clock } from '../../platform/clock';
import { shanghaiDate } from '@shared/common/time';

const idParam = z.strictObject({ id: z.coerce.number().int().positive() });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function lifecycleRoutes(svc: LifecycleService, fleet: FleetService, records: ServiceRecordsService, activity: VehicleActivity, clock: Clock): ApiRouter {
  return new ApiRouter()
    .add({
      method: 'get', path: '/api/fleet/standards', tag: 'fleet', summary: '车辆配备标准表（每条规则注明依据）',
      response: z.array(vehicleStandardSchema), handler: () => svc.standards(),
    })
    .add({
      method: 'put', path: '/api/fleet/standards', tag: 'fleet', summary: '修改车辆配备标准（平台管理员）', auth: ['platform_admin'],
      body: setVehicleStandardSchema, response: z.array(vehicleStandardSchema), handler: ({ actor, body }) => svc.setStandard(actor, body),
    })
    .add({
      method: 'get', path: '/api/fleet/quotas', tag: 'fleet', summary: '编制使用情况（超编标出）', query: quotaUseQuerySchema,
      response: z.array(quotaUseSchema), handler: ({ actor, query }) => svc.quotaUse(actor, query.unitId),
    })
    .add({
      method: 'put', path: '/api/fleet/quotas', tag: 'fleet', summary: '核定单位编制（上级主管部门）', auth: QUOTA_SETTERS,
      body: setQuotaSchema, response: z.array(quotaUseSchema), handler: ({ actor, body }) => svc.setQuota(actor, body),
    })
    .add({
      method: 'get', path: '/api/fleet/quota-import-template.xlsx', tag: 'fleet', summary: '单位编制导入模板', auth: QUOTA_SETTERS, produces: [XLSX],
      handler: async ({ ctx }) => {
        ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('单位编制导入模板.xlsx')}`);
        ctx.type = XLSX;
        return quotaImportTemplate();
      },
    })
    .add({
      method: 'post', path: '/api/fleet/quotas/import', tag: 'fleet', summary: '从 Excel 导入单位编制（逐行校验，全部无误才写入）', auth: QUOTA_SETTERS,
      body: quotaImportSchema, response: quotaImportResultSchema, handler: ({ actor, body }) => svc.importQuotas(actor, body),
    })
    .add({
      method: 'get', path: '/api/fleet/applications', tag: 'fleet', summary: '更新、处置、暂不纳入申请', query: applicationListQuerySchema,
      response: pageOf(applicationSchema), handler: ({ actor, query }) => svc.listApplications(actor, query),
    })
    .add({
      method: 'post', path: '/api/fleet/procurements', tag: 'fleet', summary: '新增配备申请（校验配备标准）', status: 201, auth: VEHICLE_APPLICANTS,
      body: procurementApplySchema, response: applicationSchema, handler: ({ actor, body }) => svc.applyProcurement(actor, body),
    })
    .add({
      method: 'get', path: '/api/fleet/exemptions', tag: 'fleet', summary: '已批准暂不纳入平台的车辆（附录B）',
      response: exemptionListSchema,
      handler: async ({ actor }) => ({ items: (await svc.exemptions(actor)).map((e) => ({ vehicle: toVehicle(e.vehicle), application: e.application })) }),
    })
    .add({
      method: 'get', path: '/api/fleet/vehicle-import-template.xlsx', tag: 'fleet', summary: '车辆导入模板', produces: [XLSX],
      handler: async ({ ctx }) => {
        ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('车辆导入模板.xlsx')}`);
        ctx.type = XLSX;
        return vehicleImportTemplate();
      },
    })
    .add({
      method: 'post', path: '/api/vehicles/import', tag: 'fleet', summary: '从 Excel 导入车辆（逐行报告错误）', auth: VEHICLE_REGISTRARS,
      body: vehicleImportSchema, response: vehicleImportResultSchema, handler: ({ actor, body }) => fleet.importVehicles(actor, body),
    })
    .add({
      method: 'get', path: '/api/vehicles/:id/life', tag: 'fleet', summary: '车辆全生命周期', params: idParam,
      response: vehicleLifeSchema,
      handler: async ({ actor, params }) => {
        const vehicle = await fleet.getVehicle(actor, params.id);
        const [{ records: serviceRecords, costs }, applications, history, warnings] = await Promise.all([
          records.ofVehicle(params.id), svc.ofVehicle(params.id), activity.history(actor, params.id), activity.warnings(actor, params.id),
        ]);
        return {
          vehicle, applications, serviceRecords, costs, trips: history.trips, mileage: { odometerKm: vehicle.odometerKm, ...history.mileage }, warnings,
          documents: vehicleDocuments(vehicle, serviceRecords, shanghaiDate(clock.now())),
        };
      },
    })
    .add({
      method: 'post', path: '/api/service-records', tag: 'fleet', summary: '三定企业登记维修、加油充电、保险记录', status: 201, auth: SERVICE_RECORDERS,
      body: recordServiceSchema, response: serviceRecordSchema, handler: ({ actor, body }) => records.record(actor, body),
    })
    .add({
      method: 'get', path: '/api/service-records/import-template.xlsx', tag: 'fleet', summary: '三定对账单导入模板（按本企业类别）', auth: SERVICE_RECORDERS, produces: [XLSX],
      handler: async ({ actor, ctx }) => {
        const { kind, file } = await records.statementTemplate(actor);
        ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${serviceKindLabel[kind]}对账单模板.xlsx`)}`);
        ctx.type = XLSX;
        return file;
      },
    })
    .add({
      method: 'post', path: '/api/service-records/import', tag: 'fleet', summary: '从 Excel 对账单导入三定记录（逐行逐列校验，全部无误才写入；已导入的跳过）', auth: SERVICE_RECORDERS,
      body: serviceImportSchema, response: serviceImportResultSchema, handler: ({ actor, body }) => records.importStatement(actor, body),
    })
    .add({
      method: 'get', path: '/api/service-records', tag: 'fleet', summary: '三定记录（企业看自己的，单位看本单位车辆的）', query: serviceRecordListQuerySchema,
      response: pageOf(serviceRecordSchema), handler: ({ actor, query }) => records.list(actor, query),
    })
    .add({
      method: 'post', path: '/api/vehicles/:id/renewal', tag: 'fleet', summary: '车辆更新申请（校验配备标准）', status: 201, auth: VEHICLE_APPLICANTS,
      params: idParam, body: renewalApplySchema, response: applicationSchema, handler: ({ actor, params, body }) => svc.applyRenewal(actor, params.id, body),
    })
    .add({
      method: 'post', path: '/api/vehicles/:id/disposal', tag: 'fleet', summary: '报废处置申请', status: 201, auth: VEHICLE_APPLICANTS,
      params: idParam, body: disposalApplySchema, response: applicationSchema, handler: ({ actor, params, body }) => svc.applyDisposal(actor, params.id, body),
    })
    .add({
      method: 'post', path: '/api/vehicles/:id/disposal/proceeds', tag: 'fleet', summary: '登记处置收入', auth: VEHICLE_APPLICANTS,
      params: idParam, body: disposalProceedsSchema, response: applicationSchema, handler: ({ actor, params, body }) => svc.recordProceeds(actor, params.id, body),
    })
    .add({
      method: 'post', path: '/api/vehicles/:id/exemption', tag: 'fleet', summary: '暂不纳入平台申请（附录B）', status: 201, auth: VEHICLE_APPLICANTS,
      params: idParam, body: exemptionApplySchema, response: applicationSchema, handler: ({ actor, params, body }) => svc.applyExemption(actor, params.id, body),
    })
    .add({
      method: 'post', path: '/api/vehicles/:id/terminal', tag: 'fleet', summary: '绑定车载终端', auth: VEHICLE_REGISTRARS,
      params: idParam, body: bindTerminalSchema, response: vehicleSchema, handler: ({ actor, params, body }) => fleet.bindTerminal(actor, params.id, body),
    })
    .add({
      method: 'post', path: '/api/vehicles/:id/terminal/unbind', tag: 'fleet', summary: '解绑车载终端', auth: VEHICLE_REGISTRARS,
      params: idParam, response: vehicleSchema, handler: ({ actor, params }) => fleet.unbindTerminal(actor, params.id),
    });
}
