import { z } from 'zod';
import {
  carListSchema, carSchema, createCarSchema, createPlanSchema, createStationSchema, currentRentalSchema, decideFaultSchema, faultListSchema,
  faultSchema, findCarsQuerySchema, findCarsResponseSchema, idParamSchema, licenceResponseSchema, licenceSchema, licenceViewSchema, payRentalResponseSchema,
  planListSchema, planSchema, rentalListSchema, rentalSchema, reportFaultSchema, reserveSchema, stationListSchema, stationSchema, updateCarSchema,
  appealClaimSchema, claimListSchema, claimSchema, createClaimSchema, decideClaimSchema, handoverPhotoSchema, handoverSchema, handoverUploadParamsSchema,
  photoImageQuerySchema,
} from '@shared/rental/rental.schemas';
import { IMAGE_TYPES, sendImage } from '../../platform/http/api-router';
import { uploadOf } from '../../platform/http/request-middleware';
import type { RentalEvidenceService } from './rental-evidence.service';
import { RENTERS } from '../../platform/access';
import { ApiRouter } from '../../platform/http/api-router';
import type { RentalFleetService } from './rental-fleet.service';
import type { RentalPaymentsService } from './rental-payments.service';
import type { RentalService } from './rental.service';

const OPERATORS = ['rental_operator', 'platform_admin'] as const;
const closeSchema = z.strictObject({ note: z.string().trim().max(200).default('') });

/** 分时租赁 over HTTP: the renter's flow under /api/rental, the company's under /api/rental/company. */
const claimPayResponseSchema = z.object({
  claim: claimSchema, payParams: z.record(z.string(), z.string()).nullable(), outTradeNo: z.string().nullable(), fakeWechatPayBaseUrl: z.string().nullable(),
});

export function rentalRoutes(fleet: RentalFleetService, rentals: RentalService, pay: RentalPaymentsService, evidence: RentalEvidenceService): ApiRouter {
  return new ApiRouter()
    // 交接车证据 and 车损索赔 (#21 item 2).
    .add({
      method: 'post', path: '/api/rental/rentals/:id/handover/:stage/:side', tag: 'rental', auth: RENTERS, status: 201, upload: IMAGE_TYPES,
      summary: '交接车拍照：取车（start）或还车（end）时拍摄车头、车尾、左侧、右侧（请求体为图片），同时记录车载终端当时的状态',
      params: handoverUploadParamsSchema, response: handoverPhotoSchema,
      handler: ({ actor, params, ctx }) => evidence.uploadPhoto(actor, params.id, params.stage, params.side, uploadOf(ctx)),
    })
    .add({
      method: 'get', path: '/api/rental/rentals/:id/handover', tag: 'rental', params: idParamSchema, response: handoverSchema,
      summary: '订单的交接车照片与拍摄时的车辆状态（电量、里程、车门、位置）', handler: ({ actor, params }) => evidence.handover(actor, params.id),
    })
    .add({
      method: 'get', path: '/api/rental/evidence/:id/image', tag: 'rental', auth: false, produces: IMAGE_TYPES,
      summary: '交接车照片（签名链接）', params: idParamSchema, query: photoImageQuerySchema,
      handler: async ({ params, query, ctx }) => sendImage(ctx, await evidence.image(params.id, query.exp, query.sig)),
    })
    .add({
      method: 'get', path: '/api/rental/claims', tag: 'rental', auth: RENTERS, response: claimListSchema,
      summary: '我的车损索赔（可在申诉期内申诉）', handler: async ({ actor }) => ({ items: await evidence.mine(actor) }),
    })
    .add({
      method: 'get', path: '/api/rental/claims/:id', tag: 'rental', params: idParamSchema, response: claimSchema,
      summary: '车损索赔详情（含证据照片）', handler: ({ actor, params }) => evidence.get(actor, params.id),
    })
    .add({
      method: 'post', path: '/api/rental/claims/:id/appeal', tag: 'rental', params: idParamSchema, body: appealClaimSchema, response: claimSchema,
      summary: '申诉车损索赔（申诉期内；申诉后暂停扣费，由平台裁决）', handler: ({ actor, params, body }) => evidence.appeal(actor, params.id, body.reason),
    })
    .add({
      method: 'post', path: '/api/rental/claims/:id/decide', tag: 'rental', auth: ['platform_admin'], params: idParamSchema, body: decideClaimSchema, response: claimSchema,
      summary: '平台裁决申诉：维持索赔（立即计费）或撤销', handler: ({ actor, params, body }) => evidence.decide(actor, params.id, body.uphold, body.note),
    })
    .add({
      method: 'post', path: '/api/rental/claims/:id/pay', tag: 'rental', params: idParamSchema, response: claimPayResponseSchema,
      summary: '支付已计费的车损赔偿（按次支付的订单；免押订单由微信支付分自动扣款）', handler: ({ actor, params }) => evidence.payClaim(actor, params.id),
    })
    .add({
      method: 'post', path: '/api/rental/company/rentals/:id/claims', tag: 'rental', auth: OPERATORS, params: idParamSchema, body: createClaimSchema, response: claimSchema, status: 201,
      summary: '提出车损索赔：须指向本订单的交接车照片，列明项目与金额；用户申诉期满后才计费', handler: ({ actor, params, body }) => evidence.createClaim(actor, params.id, body),
    })
    .add({
      method: 'get', path: '/api/rental/company/claims', tag: 'rental', auth: OPERATORS, response: claimListSchema,
      summary: '本企业的车损索赔', handler: async ({ actor }) => ({ items: await evidence.companyClaims(actor) }),
    })
    .add({
      method: 'get', path: '/api/rental/cars', tag: 'rental', auth: RENTERS, query: findCarsQuerySchema, response: findCarsResponseSchema,
      summary: '找车：附近或网点内可租的新能源车（电量足够所述里程），由近及远；附带网点与围栏',
      handler: ({ query }) => fleet.find(query),
    })
    .add({
      method: 'get', path: '/api/rental/licence', tag: 'rental', auth: RENTERS, response: licenceResponseSchema,
      summary: '我登记的驾驶证', handler: async ({ actor }) => ({ licence: await rentals.licence(actor) }),
    })
    .add({
      method: 'put', path: '/api/rental/licence', tag: 'rental', auth: RENTERS, body: licenceSchema, response: licenceViewSchema,
      summary: '登记或更新驾驶证（公务自驾须有）', handler: ({ actor, body }) => rentals.saveLicence(actor, body),
    })
    .add({
      method: 'post', path: '/api/rental/rentals', tag: 'rental', auth: RENTERS, body: reserveSchema, response: rentalSchema, status: 201,
      summary: '预约车辆（公务须选已审批的任务，一事一租；个人用车按次支付）；车辆保留 15 分钟',
      handler: ({ actor, body }) => rentals.reserve(actor, body),
    })
    .add({
      method: 'get', path: '/api/rental/rentals/current', tag: 'rental', auth: RENTERS, response: currentRentalSchema,
      summary: '我当前的预约或租用（刚超时释放的预约也显示一次）', handler: async ({ actor }) => ({ rental: await rentals.current(actor) }),
    })
    .add({
      method: 'get', path: '/api/rental/rentals', tag: 'rental', auth: RENTERS, response: rentalListSchema,
      summary: '我的租车订单', handler: async ({ actor }) => ({ items: await rentals.mineList(actor) }),
    })
    .add({
      method: 'get', path: '/api/rental/rentals/:id', tag: 'rental', params: idParamSchema, response: rentalSchema,
      summary: '租车订单详情（用车中含实时计价）', handler: ({ actor, params }) => rentals.get(actor, params.id),
    })
    .add({
      method: 'post', path: '/api/rental/rentals/:id/cancel', tag: 'rental', params: idParamSchema, response: rentalSchema,
      summary: '取消预约（开锁前，不收费）', handler: ({ actor, params }) => rentals.cancel(actor, params.id),
    })
    .add({
      method: 'post', path: '/api/rental/rentals/:id/unlock', tag: 'rental', urgent: true, params: idParamSchema, response: rentalSchema,
      summary: '开锁：经车载终端确认后开始计费；未确认时预约保留、不收费', handler: ({ actor, params }) => rentals.unlock(actor, params.id),
    })
    .add({
      method: 'post', path: '/api/rental/rentals/:id/lock', tag: 'rental', urgent: true, params: idParamSchema, response: rentalSchema,
      summary: '临时锁车（途中停车），订单继续', handler: ({ actor, params }) => rentals.lock(actor, params.id),
    })
    .add({
      method: 'post', path: '/api/rental/rentals/:id/return', tag: 'rental', urgent: true, params: idParamSchema, response: rentalSchema,
      summary: '还车：须在还车网点围栏内、车门已锁、已熄火；按计费方案结算', handler: ({ actor, params }) => rentals.returnCar(actor, params.id),
    })
    .add({
      method: 'post', path: '/api/rental/rentals/:id/pay', tag: 'rental', params: idParamSchema, response: payRentalResponseSchema,
      summary: '个人用车支付：返回 wx.requestPayment 参数', handler: ({ actor, params }) => pay.pay(actor, params.id),
    })
    .add({
      method: 'post', path: '/api/rental/rentals/:id/faults', tag: 'rental', params: idParamSchema, body: reportFaultSchema, response: faultSchema, status: 201,
      summary: '报告故障或车损（可附照片），由租赁企业处理', handler: ({ actor, params, body }) => pay.reportFault(actor, params.id, body),
    })
    // The company's side.
    .add({
      method: 'get', path: '/api/rental/company/stations', tag: 'rental', auth: OPERATORS, response: stationListSchema,
      summary: '本企业网点与围栏', handler: async ({ actor }) => ({ items: await fleet.stations(actor, true) }),
    })
    .add({
      method: 'post', path: '/api/rental/company/stations', tag: 'rental', auth: OPERATORS, body: createStationSchema, response: stationSchema, status: 201,
      summary: '新建网点（圆形或多边形围栏）', handler: ({ actor, body }) => fleet.createStation(actor, body),
    })
    .add({
      method: 'get', path: '/api/rental/company/plans', tag: 'rental', auth: OPERATORS, response: planListSchema,
      summary: '本企业计费方案', handler: async ({ actor }) => ({ items: await fleet.plans(actor) }),
    })
    .add({
      method: 'post', path: '/api/rental/company/plans', tag: 'rental', auth: OPERATORS, body: createPlanSchema, response: planSchema, status: 201,
      summary: '新建计费方案（按分钟或小时、按公里、夜间价、24 小时封顶、最低消费）', handler: ({ actor, body }) => fleet.createPlan(actor, body),
    })
    .add({
      method: 'get', path: '/api/rental/company/cars', tag: 'rental', auth: OPERATORS, response: carListSchema,
      summary: '本企业分时租赁车辆与实时位置（实时车队）', handler: async ({ actor }) => ({ items: await fleet.fleet(actor) }),
    })
    .add({
      method: 'post', path: '/api/rental/company/cars', tag: 'rental', auth: OPERATORS, body: createCarSchema, response: carSchema, status: 201,
      summary: '将本企业带车载终端的新能源车加入分时租赁', handler: ({ actor, body }) => fleet.createCar(actor, body),
    })
    .add({
      method: 'patch', path: '/api/rental/company/cars/:id', tag: 'rental', auth: OPERATORS, params: idParamSchema, body: updateCarSchema, response: carSchema,
      summary: '调整车辆网点、计费方案、电量或上下架', handler: ({ actor, params, body }) => fleet.updateCar(actor, params.id, body),
    })
    .add({
      method: 'get', path: '/api/rental/company/rentals', tag: 'rental', auth: OPERATORS, response: rentalListSchema,
      summary: '本企业租车订单', handler: async ({ actor }) => ({ items: await rentals.companyList(actor) }),
    })
    .add({
      method: 'post', path: '/api/rental/company/rentals/:id/close', tag: 'rental', auth: OPERATORS, params: idParamSchema, body: closeSchema, response: rentalSchema,
      summary: '企业结束订单（车辆离线或无法还车时），按计费方案结算', handler: ({ actor, params, body }) => rentals.closeByOperator(actor, params.id, body.note),
    })
    .add({
      method: 'get', path: '/api/rental/company/faults', tag: 'rental', auth: OPERATORS, response: faultListSchema,
      summary: '故障与车损报告', handler: async ({ actor }) => ({ items: await pay.faults(actor) }),
    })
    .add({
      method: 'post', path: '/api/rental/company/faults/:id/decide', tag: 'rental', auth: OPERATORS, params: idParamSchema, body: decideFaultSchema, response: faultSchema,
      summary: '处理故障报告：免费结束订单（车辆转维护）或驳回', handler: ({ actor, params, body }) => pay.decide(actor, params.id, body.endWithoutCharge, body.comment),
    });
}
