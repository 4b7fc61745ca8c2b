import type { WarningAction, WarningGrade, WarningKind, WarningStatus } from '@shared/supervision/supervision.schemas';
import { warningKindLabel } from '@shared/supervision/supervision.schemas';
import { DEFAULT_WATCH_SETTINGS, type WatchSettings } from './trip-watch.rules';

/** The thresholds of the rules (supervision.config.ts reads them from the environment). */
export interface RuleSettings {
  /** Working hours, minutes into the Shanghai day: use outside them is 非工作时间用车. */
  workStartMin: number;
  workEndMin: number;
  /** Days before a due date when an expiry warning fires, largest first (30/15/7). */
  expiryStages: number[];
  /** A car reported this fast (km/h) with no trip on the road is moving (无单出车). */
  movementMinKmh: number;
  /** Only positions received this recently count as moving now. */
  movementFreshMs: number;
  /** Earlier warnings of one kind on one car within this many days raise the grade (repetition). */
  repeatWindowDays: number;
  /** Trips that supervise themselves (trip-watch.rules.ts). */
  watch: WatchSettings;
  /** When the overnight parking check looks where each car stands, minutes into the Beijing day (23:00). */
  overnightAtMin: number;
  /** A bound terminal silent this long is offline too long (24 h). */
  offlineAfterMs: number;
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  workStartMin: 8 * 60, workEndMin: 18 * 60, expiryStages: [30, 15, 7], movementMinKmh: 10, movementFreshMs: 2 * 60_000, repeatWindowDays: 30,
  watch: DEFAULT_WATCH_SETTINGS, overnightAtMin: 23 * 60, offlineAfterMs: 24 * 3600_000,
};

export interface RuleDefinition {
  kind: WarningKind;
  label: string;
  /** The text the rule follows (规则依据), shown with every warning it raises. */
  source: string;
  /** Whether it applies where no region has switched it. */
  defaultEnabled: boolean;
  /** Its base grade (before repetition raises it). */
  baseGrade: WarningGrade;
  params: (s: RuleSettings) => string;
}

const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
const expiry = (what: string) => (s: RuleSettings) => `${what}到期前 ${s.expiryStages.join('/')} 天分级提醒，过期为红色`;

/** The rule catalogue: each rule, its source and default; a region switches rules on or off for itself and below. */
export const RULES: Record<WarningKind, RuleDefinition> = {
  no_trip_movement: {
    kind: 'no_trip_movement', label: warningKindLabel.no_trip_movement, defaultEnabled: true, baseGrade: 'red',
    source: '《河北省公务用车信息化管理规范》预警提醒系统；无审批派车单出车即预警（参照铜仁：离开定点停放位置 50 米即预警）',
    params: (s) => `终端速度 ≥ ${s.movementMinKmh} km/h 且无已出车的派车任务`,
  },
  off_hours_use: {
    kind: 'off_hours_use', label: warningKindLabel.off_hours_use, defaultEnabled: true, baseGrade: 'yellow',
    source: '《党政机关公务用车管理办法》（2017）第二十五条：加强公务用车使用管理，非工作时间用车须登记备查',
    params: (s) => `工作时间 ${hhmm(s.workStartMin)}–${hhmm(s.workEndMin)}（北京时间）之外出车`,
  },
  holiday_use: {
    kind: 'holiday_use', label: warningKindLabel.holiday_use, defaultEnabled: true, baseGrade: 'yellow',
    source: '节假日公务用车封存停放制度（节假日封车）；节假日以单位的节假日日历为准（含调休上班日）',
    params: () => '节假日或周末（调休上班日除外）出车',
  },
  speeding: {
    kind: 'speeding', label: warningKindLabel.speeding, defaultEnabled: true, baseGrade: 'yellow',
    source: 'JT/T 808-2019 表 24 报警标志位 bit1 超速报警；规范「增加行车安全预警」',
    params: () => '终端上报超速报警位（bit1）',
  },
  fatigue_driving: {
    kind: 'fatigue_driving', label: warningKindLabel.fatigue_driving, defaultEnabled: true, baseGrade: 'yellow',
    source: 'JT/T 808-2019 表 24 报警标志位 bit2 疲劳驾驶；规范「增加行车安全预警」',
    params: () => '终端上报疲劳驾驶报警位（bit2）',
  },
  insurance_expiry: {
    kind: 'insurance_expiry', label: warningKindLabel.insurance_expiry, defaultEnabled: true, baseGrade: 'green',
    source: '《河北省公务用车信息化管理规范》预警提醒系统：保险到期提醒；定点保险', params: expiry('保险'),
  },
  inspection_expiry: {
    kind: 'inspection_expiry', label: warningKindLabel.inspection_expiry, defaultEnabled: true, baseGrade: 'green',
    source: '《道路交通安全法》第十三条 机动车安全技术检验；规范预警提醒系统：年检到期提醒', params: expiry('年检'),
  },
  maintenance_expiry: {
    kind: 'maintenance_expiry', label: warningKindLabel.maintenance_expiry, defaultEnabled: true, baseGrade: 'green',
    source: '《河北省公务用车信息化管理规范》预警提醒系统：保养到期提醒；定点维修', params: expiry('保养'),
  },
  corridor_exit: {
    kind: 'corridor_exit', label: warningKindLabel.corridor_exit, defaultEnabled: true, baseGrade: 'yellow',
    source: '《党政机关公务用车管理办法》（2017）第二十五条：公务用车按照派车单载明的事由、路线使用；规范预警提醒系统「轨迹偏离」',
    params: (s) => `离开派车单起讫点与目的地连线的行驶走廊（道路系数 ${s.watch.roadFactor}，缓冲 ${s.watch.corridorBufferM} 米）`,
  },
  late_return: {
    kind: 'late_return', label: warningKindLabel.late_return, defaultEnabled: true, baseGrade: 'yellow',
    source: '《党政机关公务用车管理办法》（2017）第二十五条：公务用车使用完毕及时交回、定点停放（回场登记）',
    params: (s) => `派车单结束时间后 ${s.watch.returnGraceMin} 分钟仍未回场`,
  },
  sensitive_dwell: {
    kind: 'sensitive_dwell', label: warningKindLabel.sensitive_dwell, defaultEnabled: true, baseGrade: 'red',
    source: '中央八项规定精神：严禁公车私用、公车进入私人会所、高档餐饮、娱乐及旅游景区等场所（纪检监察「车轮上的腐败」专项治理）',
    params: (s) => `在敏感场所（酒店宾馆、娱乐场所、旅游景区）范围内停留超过 ${s.watch.dwellMin} 分钟（车速低于 ${s.watch.stopKmh} km/h 视为停留）`,
  },
  power_cut: {
    kind: 'power_cut', label: warningKindLabel.power_cut, defaultEnabled: true, baseGrade: 'red',
    source: 'JT/T 808-2019 表 24 报警标志位 bit8 终端主电源掉电；规范「车载终端不得擅自拆除、断电」',
    params: () => '终端上报主电源掉电报警位（bit8）',
  },
  position_jump: {
    kind: 'position_jump', label: warningKindLabel.position_jump, defaultEnabled: true, baseGrade: 'yellow',
    source: 'JT/T 808-2019 位置信息汇报（0x0200）；规范「终端在线率与定位有效性」考核：定位漂移、屏蔽或伪造',
    params: (s) => `相邻两次定位的折算速度超过 ${s.watch.jumpKmh} km/h 且相距 ${s.watch.jumpMinM} 米以上`,
  },
  area_exit: {
    kind: 'area_exit', label: warningKindLabel.area_exit, defaultEnabled: true, baseGrade: 'yellow',
    source: '《河北省公务用车信息化管理规范》预警提醒系统「越界」：按单位设定电子围栏（如本县行政区域、工作日时段），车辆驶出即预警；《党政机关公务用车管理办法》（2017）第二十五条',
    params: () => '单位设定的允许区域（圆形或多边形）在其时段内，车辆定位位于区域之外；一次驶出只预警一次',
  },
  forbidden_area_entry: {
    kind: 'forbidden_area_entry', label: warningKindLabel.forbidden_area_entry, defaultEnabled: true, baseGrade: 'red',
    source: '中央八项规定精神：严禁公车私用、公车进入旅游景区等场所；规范预警提醒系统「电子围栏」：单位设定禁入区域，车辆驶入即预警',
    params: () => '单位设定的禁入区域在其时段内（未设时段为全天候），车辆定位位于区域之内；一次驶入只预警一次',
  },
  overnight_parking_away: {
    kind: 'overnight_parking_away', label: warningKindLabel.overnight_parking_away, defaultEnabled: true, baseGrade: 'yellow',
    source: '《党政机关公务用车管理办法》（2017）第二十五条：公务用车实行定点停放制度，非工作时间停放在单位院内或指定地点',
    params: (s) => `每晚 ${hhmm(s.overnightAtMin)}（北京时间）车辆最后定位不在其定点停放位置（中心与半径）之内`,
  },
  terminal_offline: {
    kind: 'terminal_offline', label: warningKindLabel.terminal_offline, defaultEnabled: true, baseGrade: 'yellow',
    source: 'JT/T 808-2019 终端心跳与位置汇报；规范「车载终端不得擅自拆除、断电，保持在线」及「终端在线率」考核',
    params: (s) => `已绑定终端连续 ${Math.round(s.offlineAfterMs / 3600_000)} 小时无任何上报（从未上报的不计）`,
  },
  over_quota: {
    kind: 'over_quota', label: warningKindLabel.over_quota, defaultEnabled: true, baseGrade: 'red',
    source: '《党政机关公务用车管理办法》（2017）第八条：公务用车实行编制管理，不得超编制配备；DOMAIN.md §3 编制',
    params: () => '单位某一车型登记在册（未处置、未被更新替换）的车辆数超过核定编制',
  },
};

const gradeOrder: WarningGrade[] = ['green', 'yellow', 'red'];

/** Graded by severity, raised one step for every two earlier warnings of the kind on the car within the window. */
export function gradeOf(base: WarningGrade, earlier: number): WarningGrade {
  return gradeOrder[Math.min(2, gradeOrder.indexOf(base) + Math.floor(earlier / 2))];
}

/** The grade of an expiry stage: the last stage and past due are red, the middle yellow, the first green. */
export function expiryGrade(stage: number, stages: number[]): WarningGrade {
  if (stage <= 0) return 'red';
  const i = stages.indexOf(stage);
  return i === stages.length - 1 ? 'red' : i === 0 ? 'green' : 'yellow';
}

/** The stage a due date is in `daysLeft` days from today: the smallest stage it has reached; 0 once past due; null before the first. */
export function expiryStage(daysLeft: number, stages: number[]): number | null {
  if (daysLeft < 0) return 0;
  const reached = stages.filter((s) => daysLeft <= s);
  return reached.length ? Math.min(...reached) : null;
}

/** Whether a rule applies in a region: the switch of the nearest region at or above it, else the default. */
export function ruleEnabled(def: RuleDefinition, regionCode: string, switches: Array<{ regionCode: string; enabled: boolean }>): { enabled: boolean; decidedBy: string | null } {
  let best: { regionCode: string; enabled: boolean } | null = null;
  for (const s of switches) {
    if (coversRegion(s.regionCode, regionCode) && (!best || significant(s.regionCode).length > significant(best.regionCode).length)) best = s;
  }
  return best ? { enabled: best.enabled, decidedBy: best.regionCode } : { enabled: def.defaultEnabled, decidedBy: null };
}

/** GB/T 2260: 130000 is the province (prefix 13), 130100 a city (1301), 130102 a county, 9 digits a township. */
export function significant(code: string): string {
  if (code.length === 9) return code;
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}
export const coversRegion = (upper: string, lower: string): boolean => lower.startsWith(significant(upper));

export type DayKind = 'workday' | 'holiday' | 'weekend';

/**
 * What a departure at `minutes` into a Shanghai day of kind `day` breaks: a holiday or a weekend
 * (not a worked 调休 day) is holiday use; outside working hours on a working day is off-hours use.
 */
export function useTimeBreach(day: DayKind, minutes: number, s: RuleSettings): 'holiday_use' | 'off_hours_use' | null {
  if (day !== 'workday') return 'holiday_use';
  if (minutes < s.workStartMin || minutes >= s.workEndMin) return 'off_hours_use';
  return null;
}

/** The loop: which action moves a warning from which state, and who acts (the unit, or the supervisor above). */
export const LOOP: Record<Exclude<WarningAction, 'raise'>, { from: WarningStatus[]; to: WarningStatus; by: 'unit' | 'supervisor' }> = {
  check: { from: ['open'], to: 'checked', by: 'unit' },
  appeal: { from: ['open', 'checked'], to: 'appealed', by: 'unit' },
  uphold: { from: ['appealed'], to: 'revoked', by: 'supervisor' },
  dismiss: { from: ['appealed'], to: 'confirmed', by: 'supervisor' },
  confirm: { from: ['checked'], to: 'confirmed', by: 'supervisor' },
  publish: { from: ['confirmed'], to: 'published', by: 'supervisor' },
};

/** Closed: nothing is left to do on it (revoked on appeal, or handled and published). */
export const CLOSED_STATUSES: WarningStatus[] = ['revoked', 'confirmed', 'published'];
