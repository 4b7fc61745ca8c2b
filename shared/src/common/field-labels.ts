/**
 * The Chinese name of each input field, keyed by the shared schemas' field names, so that a 400 reads
 * "请求参数有误 — 乘车人数：不能大于 200" and never "body.passengers: …". The machine-readable path stays
 * in the error's details (`body.passengers`); the message a user may see as a toast uses these.
 */
export const fieldLabels: Record<string, string> = {
  // 用车申请 / 紧急调度
  purpose: '用车事由', passengers: '乘车人数', passengerNames: '乘车人名单', startAt: '开始时间', endAt: '结束时间',
  origin: '出发地', destinations: '目的地', name: '名称', lat: '纬度', lng: '经度', category: '车型', seatsWanted: '每车座位数',
  vehiclesNeeded: '用车数量', kind: '类型', applicantId: '用车人', picks: '选派车辆', priority: '优先级',
  // 派车 / 改派 / 租赁接单
  vehicleId: '车辆', driverId: '驾驶员', vehicleIds: '车辆', tripIds: '行程', tripId: '行程', companyId: '租赁企业', source: '车辆来源',
  reason: '原因', note: '备注', comment: '意见', action: '审批操作', rating: '评分',
  // 出车 / 回场 / 费用更正
  odometerKm: '里程', at: '时间', rentalFen: '租车费', fuelFen: '油费/充电费', tollFen: '通行费', parkingFen: '停车费', otherFen: '其他费用',
  assignmentId: '任务', id: '编号',
  // 车辆登记
  plate: '车牌号', vin: '车架号', brandModel: '品牌型号', energyType: '能源类型', displacementMl: '排量', priceFen: '价格', seats: '座位数',
  ownerUnitId: '所属单位', registeredOn: '登记日期', terminalPhone: '终端手机号', deviceModel: '终端型号', insuranceDue: '保险到期日',
  inspectionDue: '年检到期日', maintenanceDue: '保养到期日',
  // 审批链
  unitId: '单位', variant: '审批类别', levels: '审批层级', approverRole: '审批角色', approverUserId: '审批人', subjectId: '审批事项',
  // 对账 / 结算 / 支付
  lines: '明细', lineId: '明细', decision: '确认或异议', amountFen: '金额', correctsLineId: '更正的明细', paymentReference: '付款凭证号',
  paidAt: '付款时间', period: '账期', date: '日期', billDate: '账单日期', refundedFen: '退款金额', outTradeNo: '商户订单号',
  // 登录 / 列表 / 其他
  userId: '用户', code: '登录凭证', page: '页码', pageSize: '每页条数', status: '状态', mine: '只看我的', from: '开始时间', to: '结束时间',
  radiusM: '半径', mode: '计算方式', type: '类型', text: '内容', title: '标题', url: '链接', address: '地址', lon: '经度',
  box: '待办或已办', unread: '只看未读', refundNo: '退款单号', exp: '链接有效期', sig: '链接签名',
  // 车载终端指令
  idempotencyKey: '请求编号', tracking: '追踪', intervalS: '上报间隔', validityS: '有效时长', waitMs: '等待时长',
  // 审计日志
  actorUserId: '操作人', outcome: '结果', objectType: '对象类型', objectId: '对象编号', ip: '来源地址',
  // 酒店 / 用餐 / 票务 与差旅标准
  menuId: '菜单', slot: '时段', guests: '来宾人数', hosts: '陪餐人数', roomTypeId: '房型', checkIn: '入住日期', nights: '入住晚数',
  rooms: '房间数', payDifference: '自付差额', agentId: '票务代理', serviceNo: '车次/航班', seatClass: '席别/舱位', regionCode: '地区',
  rank: '职级', capFen: '标准上限', peakFrom: '旺季开始', peakTo: '旺季结束', peakUpliftPct: '旺季上浮比例', overStandard: '超标处理',
  year: '年度', perPersonCapFen: '人均上限', maxHostsSmall: '陪餐人数上限', rateFen: '房价', tables: '桌数',
  // 分时租赁 / 车辆全生命周期 / 三定 / 监管 / 上报 / 安全
  acceptsReturns: '可还车', acquisition: '取得方式', age: '车龄', batteryPct: '电量', billing: '结算方式', carId: '车辆', center: '圆心', challenge: '验证挑战',
  completedOn: '完成日期', counterparty: '交易对方', coverFrom: '保险起期', coverTo: '保险止期', coverage: '险种', dailyCapFen: '每日封顶价', day: '日期',
  dayRateFen: '日间单价', description: '描述', detail: '详细说明', displacement: '排量', displacementCapMl: '排量上限', earlyReason: '提前更新理由',
  enabled: '启用', endWithoutCharge: '免费结束', energy: '能源', evidence: '证据', expectedProceedsFen: '预计处置收入', expiresOn: '有效期至', fence: '电子围栏',
  fileBase64: '文件', fuelReason: '非新能源理由', items: '项目明细', licenceClass: '准驾车型', licenceExpires: '驾驶证有效期', licenceNo: '驾驶证号', location: '位置', method: '处置方式',
  mileage: '行驶里程', minChargeFen: '最低消费', newEnergy: '新能源', nextInspectionDue: '下次年检日期', nextMaintenanceDue: '下次保养日期',
  nightEndMinute: '夜间结束时刻', nightRateFen: '夜间单价', nightStartMinute: '夜间开始时刻', occurredOn: '发生日期', parentId: '上级单位', perKmFen: '每公里价格',
  fleetKind: '单位性质', insurerName: '保险公司', txnNo: '交易流水号', time: '时间',
  paymentMethod: '支付方式', fareKind: '票价类型', priceRecord: '比价记录', flightNo: '航班号', seenAt: '比价时间', quote: '比价报价', screenshotUrl: '比价截图',
  phone: '手机号', photos: '照片', planId: '计价方案', points: '围栏顶点', policyNo: '保单号', price: '价格', priceCapFen: '价格上限', proceedsFen: '处置收入',
  quantity: '数量', quota: '编制数', rangeKm: '续航里程', renewalAgeYears: '更新年限', renewalId: '更新申请', renewalMileageKm: '更新里程', roles: '角色',
  sources: '依据文件', stationId: '站点', timeUnit: '计时单位', transferTo: '划转对象', unitOpinion: '单位意见', work: '作业内容', workOrderNo: '工单号',
  // 出差记录（申请、发票、公务卡）
  travelId: '出差申请', companionIds: '同行人员', legs: '行程', departOn: '出发日期', arriveOn: '到达日期', fromPlace: '出发地', toPlace: '目的地',
  toRegionCode: '目的地区划代码', transport: '交通方式', hotel: '需要住宿', reception: '公务接待', letterFrom: '来函单位', letterNo: '公函文号',
  reservationId: '对应预订', invoice: '发票信息', invoiceCode: '发票代码', invoiceNumber: '发票号码', issuedOn: '开票日期', sellerName: '销售方名称',
  sellerTaxId: '销售方纳税人识别号', buyerTaxId: '购买方纳税人识别号', taxFen: '税额', xml: '电子发票文件', cardLast4: '卡号末四位', merchant: '商户名称',
  bankRef: '交易参考号', csv: '银行对账单',
  // 免押与交接车证据、车损索赔
  payWith: '支付方式', evidenceIds: '交接车照片', uphold: '维持索赔',
  // 违章
  since: '开始时间', until: '结束时间',
  // 电子围栏
  circle: '圆形区域', polygon: '多边形区域', window: '时段', days: '星期',
};

/** "passengers" → 乘车人数; ["destinations", 1, "name"] → 目的地第 2 项·名称; an unknown key → 字段「key」. */
export function fieldLabel(path: ReadonlyArray<PropertyKey>): string {
  const parts: string[] = [];
  for (const p of path) {
    if (typeof p === 'number') parts.push(`第 ${p + 1} 项`);
    else {
      const key = String(p);
      parts.push(parts.length ? '·' : '', fieldLabels[key] ?? `字段「${key}」`);
    }
  }
  return parts.join('') || '请求';
}
