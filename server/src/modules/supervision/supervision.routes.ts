import { z } from 'zod';
import { pageOf } from '@shared/common/pagination';
import {
  appealWarningSchema, assessmentQuerySchema, evidenceImageParamsSchema, evidenceImageQuerySchema, warningEvidenceSchema, assessmentSchema, holidaySchema, checkWarningSchema, decideWarningSchema, poolQuerySchema, poolViewSchema, publishWarningSchema, ruleKindParamsSchema,
  ruleListQuerySchema, ruleSwitchSchema, geofenceSchema, geofenceInputSchema, geofenceIdParamsSchema, geofenceListQuerySchema, parkingSpotSchema, parkingSpotInputSchema, parkingSpotParamsSchema, sensitivePlaceSchema, sensitivePlaceInputSchema, warningIdParamsSchema, warningListQuerySchema, warningRuleSchema, warningSchema,
} from '@shared/supervision/supervision.schemas';
import { ApiRouter, IMAGE_TYPES, sendImage } from '../../platform/http/api-router';
import { uploadOf } from '../../platform/http/request-middleware';
import type { WarningsService } from './warnings.service';
import type { PoolService } from './pool.service';
import type { SensitivePlacesService } from './places.service';
import type { GeofencesService } from './geofences.service';
import { OVERSIGHT_ROLES } from '../../platform/access';

/** Who reads warnings: the unit's fleet admin (its own), supervisors (their region and below), the platform admin. */
const WARNING_ROLES = ['fleet_admin', 'supervisor', 'platform_admin'] as const;
const POOL_ROLES = ['supervisor', 'platform_admin'] as const;
/** Reads are open to the read-only 纪检 / 财政 / 审计 accounts too (their region and below, access/oversight.policy). */
const WARNING_READERS = [...WARNING_ROLES, ...OVERSIGHT_ROLES] as const;
const POOL_READERS = [...POOL_ROLES, ...OVERSIGHT_ROLES] as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function supervisionRoutes(warnings: WarningsService, pool: PoolService, places: SensitivePlacesService, geofences: GeofencesService): ApiRouter {
  return new ApiRouter()
    .add({
      method: 'get', path: '/api/supervision/geofences', tag: 'supervision', auth: WARNING_READERS,
      summary: '电子围栏（单位车管看本单位，主管部门看本级及以下）', query: geofenceListQuerySchema, response: z.array(geofenceSchema),
      handler: ({ actor, query }) => geofences.list(actor, query.unitId),
    })
    .add({
      method: 'post', path: '/api/supervision/geofences', tag: 'supervision', auth: WARNING_ROLES, status: 201,
      summary: '新增电子围栏：允许区域或禁入区域，圆形或多边形，可设时段（单位车管设本单位，主管部门设本级及以下单位）', body: geofenceInputSchema, response: geofenceSchema,
      handler: ({ actor, body }) => geofences.create(actor, body),
    })
    .add({
      method: 'delete', path: '/api/supervision/geofences/:id', tag: 'supervision', auth: WARNING_ROLES, status: 204,
      summary: '删除电子围栏', params: geofenceIdParamsSchema,
      handler: async ({ actor, params }) => { await geofences.remove(actor, params.id); },
    })
    .add({
      method: 'get', path: '/api/supervision/parking-spots', tag: 'supervision', auth: WARNING_READERS,
      summary: '车辆定点停放位置', response: z.array(parkingSpotSchema),
      handler: ({ actor }) => geofences.parkingSpots(actor),
    })
    .add({
      method: 'put', path: '/api/supervision/parking-spots/:vehicleId', tag: 'supervision', auth: ['fleet_admin', 'platform_admin'],
      summary: '设定车辆定点停放位置（中心与半径，单位车管）', params: parkingSpotParamsSchema, body: parkingSpotInputSchema, response: parkingSpotSchema,
      handler: ({ actor, params, body }) => geofences.setParkingSpot(actor, params.vehicleId, body),
    })
    .add({
      method: 'get', path: '/api/supervision/parking-spots/:vehicleId', tag: 'supervision', auth: WARNING_READERS,
      summary: '一辆车的定点停放位置（spot 未设定为 null）', params: parkingSpotParamsSchema, response: z.object({ spot: parkingSpotSchema.nullable() }),
      handler: async ({ actor, params }) => ({ spot: await geofences.parkingSpot(actor, params.vehicleId) }),
    })
    .add({
      method: 'delete', path: '/api/supervision/parking-spots/:vehicleId', tag: 'supervision', auth: ['fleet_admin', 'platform_admin'], status: 204,
      summary: '清除车辆定点停放位置（单位车管）', params: parkingSpotParamsSchema,
      handler: async ({ actor, params }) => { await geofences.clearParkingSpot(actor, params.vehicleId); },
    })
    .add({
      method: 'get', path: '/api/supervision/places', tag: 'supervision', auth: WARNING_READERS,
      summary: '敏感场所清单（酒店宾馆、娱乐场所、旅游景区，含来源）', response: z.array(sensitivePlaceSchema),
      handler: () => places.list(),
    })
    .add({
      method: 'post', path: '/api/supervision/places', tag: 'supervision', auth: POOL_ROLES, status: 201,
      summary: '新增敏感场所（主管部门本级及以下，平台管理员）', body: sensitivePlaceInputSchema, response: sensitivePlaceSchema,
      handler: ({ actor, body }) => places.add(actor, body),
    })
    .add({
      method: 'get', path: '/api/supervision/warnings', tag: 'supervision', auth: WARNING_READERS,
      summary: '预警列表（单位看本单位，主管部门看本级及以下）', query: warningListQuerySchema, response: pageOf(warningSchema),
      handler: ({ actor, query }) => warnings.list(actor, query),
    })
    .add({
      method: 'get', path: '/api/supervision/notices', tag: 'supervision', auth: true,
      summary: '通报：本地区及上级主管部门通报的预警', response: z.array(warningSchema),
      handler: ({ actor }) => warnings.notices(actor),
    })
    .add({
      method: 'get', path: '/api/supervision/warnings/:id', tag: 'supervision', auth: WARNING_READERS,
      summary: '预警详情与处置记录', params: warningIdParamsSchema, response: warningSchema,
      handler: ({ actor, params }) => warnings.get(actor, params.id),
    })
    .add({
      method: 'post', path: '/api/supervision/warnings/:id/check', tag: 'supervision', auth: WARNING_ROLES,
      summary: '单位核查', params: warningIdParamsSchema, body: checkWarningSchema, response: warningSchema,
      handler: ({ actor, params, body }) => warnings.check(actor, params.id, body),
    })
    .add({
      method: 'post', path: '/api/supervision/warnings/:id/appeal', tag: 'supervision', auth: WARNING_ROLES,
      summary: '单位申诉（理由、照片、所属行程）', params: warningIdParamsSchema, body: appealWarningSchema, response: warningSchema,
      handler: ({ actor, params, body }) => warnings.appeal(actor, params.id, body),
    })
    .add({
      method: 'post', path: '/api/supervision/warnings/:id/evidence', tag: 'supervision', auth: ['fleet_admin'], status: 201, upload: IMAGE_TYPES,
      summary: '上传申诉证据照片（请求体为图片：JPEG、PNG 或 WebP；返回的 ref 填入申诉的 evidence）', params: warningIdParamsSchema, response: warningEvidenceSchema,
      handler: ({ actor, params, ctx }) => warnings.uploadEvidence(actor, params.id, uploadOf(ctx)),
    })
    .add({
      method: 'get', path: '/api/supervision/evidence/:id/image', tag: 'supervision', auth: false, produces: IMAGE_TYPES,
      summary: '申诉证据照片（签名链接）', params: evidenceImageParamsSchema, query: evidenceImageQuerySchema,
      handler: async ({ params, query, ctx }) => sendImage(ctx, await warnings.evidenceImage(params.id, query.exp, query.sig)),
    })
    .add({
      method: 'post', path: '/api/supervision/warnings/:id/decide', tag: 'supervision', auth: WARNING_ROLES,
      summary: '上级主管部门处理：申诉成立 / 驳回 / 核实属实', params: warningIdParamsSchema, body: decideWarningSchema, response: warningSchema,
      handler: ({ actor, params, body }) => warnings.decide(actor, params.id, body),
    })
    .add({
      method: 'post', path: '/api/supervision/warnings/:id/publish', tag: 'supervision', auth: WARNING_ROLES,
      summary: '通报（向本地区单位公布）', params: warningIdParamsSchema, body: publishWarningSchema, response: warningSchema,
      handler: ({ actor, params, body }) => warnings.publish(actor, params.id, body.note),
    })
    .add({
      method: 'get', path: '/api/supervision/rules', tag: 'supervision', auth: POOL_READERS,
      summary: '预警规则（依据、参数、本地区是否启用）', query: ruleListQuerySchema, response: z.array(warningRuleSchema),
      handler: ({ actor, query }) => warnings.rules(actor, query.regionCode),
    })
    .add({
      method: 'put', path: '/api/supervision/rules/:kind', tag: 'supervision', auth: POOL_ROLES,
      summary: '按地区启用或停用一条预警规则（本级及以下）', params: ruleKindParamsSchema, body: ruleSwitchSchema, response: z.array(warningRuleSchema),
      handler: ({ actor, params, body }) => warnings.switchRule(actor, params.kind, body.regionCode, body.enabled),
    })
    .add({
      method: 'post', path: '/api/supervision/holidays', tag: 'supervision', auth: ['fleet_admin', 'platform_admin'], status: 201,
      summary: '节假日日历（单位车管维护本单位，平台管理员维护全国）', body: holidaySchema, response: holidaySchema,
      handler: ({ actor, body }) => warnings.addHoliday(actor, body),
    })
    .add({
      method: 'get', path: '/api/supervision/pool', tag: 'supervision', auth: POOL_READERS,
      summary: '四级数据资源池：本地区合计与下一级（区划、单位）', query: poolQuerySchema, response: poolViewSchema,
      handler: ({ actor, query }) => pool.view(actor, query),
    })
    .add({
      method: 'get', path: '/api/supervision/assessment', tag: 'supervision', auth: POOL_READERS,
      summary: '考核评估：本地区各单位月度得分、指标与排名（公式随结果给出）', query: assessmentQuerySchema, response: assessmentSchema,
      handler: ({ actor, query }) => pool.assessment(actor, query),
    })
    .add({
      method: 'get', path: '/api/supervision/appendix-a.xlsx', tag: 'supervision', auth: POOL_READERS, produces: [XLSX],
      summary: '导出附录A 纳入信息化平台管理情况统计表（Excel）', query: poolQuerySchema,
      handler: async ({ actor, query, ctx }) => {
        const { fileName, body } = await pool.appendixA(actor, query);
        ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
        ctx.type = XLSX;
        return body;
      },
    });
}
