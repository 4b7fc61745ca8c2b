import type { Role } from '@shared/identity/identity.schemas';

/**
 * What each role finds on its home (JOURNEYS.md). A tile leads into a capability subpackage;
 * `view` picks the part of the capability when one subpackage serves several tiles.
 */
export interface HomeTile {
  /** Stable id: the tile renders with class `home-tile-<id>`. */
  id: string;
  title: string;
  desc: string;
  /** One character drawn in a coloured circle: no image files in the main package. */
  glyph: string;
  color: string;
  url: string;
}

const BLUE = '#1677ff';
const GREEN = '#00b578';
const ORANGE = '#ff8f1f';
const PURPLE = '#7b61ff';
const CYAN = '#13a8a8';
const RED = '#fa5151';

function page(pkg: string, view?: string): string {
  return `/packages/${pkg}/index/index${view ? `?view=${view}` : ''}`;
}

const tiles = {
  trips: { id: 'trips', title: '公务出行', desc: '用车申请、我的行程', glyph: '行', color: BLUE, url: page('trips') },
  rental: { id: 'rental', title: '分时租赁', desc: '找车、预约、还车', glyph: '租', color: GREEN, url: page('rental') },
  reservations: { id: 'reservations', title: '酒店餐饮票务', desc: '住宿、公务接待、车票机票', glyph: '订', color: ORANGE, url: page('reservations') },
  travel: { id: 'travel', title: '出差报销', desc: '出差申请、发票、公务卡，一条记录', glyph: '差', color: CYAN, url: page('travel') },
  travelFinance: { id: 'travel-finance', title: '差旅报销', desc: '出差记录与差旅费报销单', glyph: '差', color: CYAN, url: page('travel', 'finance') },
  history: { id: 'history', title: '历史记录', desc: '行程、租赁与预订的记录和费用', glyph: '史', color: PURPLE, url: page('trips', 'history') },
  approvals: { id: 'approvals', title: '事务审批', desc: '待我审批、我已审批', glyph: '批', color: BLUE, url: page('approvals') },
  dispatch: { id: 'dispatch', title: '调度台', desc: '待派申请、一键派车', glyph: '调', color: BLUE, url: page('dispatch') },
  fleetMap: { id: 'fleet-map', title: '车辆位置', desc: '在线车辆与实时位置', glyph: '位', color: CYAN, url: page('fleet', 'map') },
  driverTasks: { id: 'driver-tasks', title: '我的任务', desc: '接单、出车、收车', glyph: '任', color: BLUE, url: page('driver') },
  fleetVehicles: { id: 'fleet-vehicles', title: '车辆档案', desc: '车辆、驾驶员、终端', glyph: '档', color: GREEN, url: page('fleet', 'vehicles') },
  warnings: { id: 'warnings', title: '预警', desc: '本单位车辆预警与申诉', glyph: '警', color: RED, url: page('supervision', 'warnings') },
  geofences: { id: 'geofences', title: '电子围栏', desc: '允许区域、禁入区域及时段', glyph: '围', color: ORANGE, url: '/packages/supervision/geofences/index' },
  rentalOrders: { id: 'rental-orders', title: '租赁订单', desc: '受理、派车、履约', glyph: '单', color: BLUE, url: '/packages/rental/orders/index' },
  reservationOrders: { id: 'reservation-orders', title: '预订订单', desc: '确认或拒绝预订', glyph: '单', color: ORANGE, url: page('reservations', 'orders') },
  statements: { id: 'statements', title: '结算', desc: '月度对账单，确认或提出异议', glyph: '结', color: PURPLE, url: '/packages/finance/company-statements/index' },
  rentalCompany: { id: 'rental-company', title: '分时租赁运营', desc: '车队、网点、计费、故障', glyph: '电', color: GREEN, url: '/packages/rental/company/index' },
  myRentals: { id: 'my-rentals', title: '我的租车', desc: '分时租赁订单与费用', glyph: '车', color: GREEN, url: '/packages/rental/mine/index' },
  deposit: { id: 'deposit', title: '租车押金', desc: '分时租赁押金缴纳与状态', glyph: '押', color: CYAN, url: '/packages/rental/deposit/index' },
  finance: { id: 'finance', title: '结算对账', desc: '对账单审核、付款、微信账单核对', glyph: '账', color: PURPLE, url: page('finance') },
  supervision: { id: 'supervision', title: '监管看板', desc: '本区域车辆、行程、费用、预警', glyph: '监', color: BLUE, url: page('supervision') },
  admin: { id: 'admin', title: '事件投递', desc: '业务通知投递失败的查看与重试', glyph: '事', color: CYAN, url: page('admin') },
  feed: { id: 'feed', title: '向上报送', desc: '报送监管平台的时延、失败与计数', glyph: '报', color: PURPLE, url: '/packages/admin/feed/index' },
  directory: { id: 'directory', title: '基础数据', desc: '单位、用户角色、审批流程、配备与差旅标准', glyph: '基', color: BLUE, url: page('admin', 'units') },
  serviceRecords: { id: 'service-records', title: '三定记录', desc: '维修工单、加油充电、保险保单', glyph: '定', color: GREEN, url: '/packages/fleet/records/index' },
  quotas: { id: 'quotas', title: '单位编制', desc: '定编核定、Excel 导入、超编', glyph: '编', color: PURPLE, url: page('fleet', 'registry') },
  myViolations: { id: 'my-violations', title: '我的违章', desc: '交通违法记录及匹配的行程', glyph: '违', color: RED, url: page('violations') },
  violations: { id: 'violations', title: '违章管理', desc: '本单位车辆违章、指派与导入', glyph: '违', color: RED, url: page('violations', 'unit') },
  fleetLife: { id: 'fleet-life', title: '编制与申请', desc: '编制使用、更新处置申请', glyph: '编', color: PURPLE, url: page('fleet', 'registry') },
} satisfies Record<string, HomeTile>;

export const tilesByRole: Record<Role, HomeTile[]> = {
  applicant: [tiles.trips, tiles.rental, tiles.myRentals, tiles.deposit, tiles.reservations, tiles.travel, tiles.history, tiles.myViolations],
  approver: [tiles.approvals],
  dispatcher: [tiles.dispatch, tiles.fleetMap],
  driver: [tiles.driverTasks, tiles.myViolations],
  fleet_admin: [tiles.fleetVehicles, tiles.fleetLife, tiles.fleetMap, tiles.warnings, tiles.geofences, tiles.violations],
  rental_operator: [tiles.rentalOrders, tiles.rentalCompany, tiles.statements],
  supplier_operator: [tiles.reservationOrders, tiles.serviceRecords, tiles.statements],
  finance: [tiles.finance, tiles.travelFinance],
  // 车辆档案 for a supervisor: the region's fleets, filtered by unit kind (党政机关 / 事业单位 / 国有企业).
  supervisor: [tiles.supervision, tiles.quotas, tiles.fleetVehicles],
  platform_admin: [tiles.directory, tiles.admin, tiles.feed],
  // Read-only oversight of a region: the same 监管看板 (figures, warnings, trips), nothing to act on.
  discipline_inspector: [tiles.supervision],
  finance_bureau: [tiles.supervision],
  audit_bureau: [tiles.supervision],
};
