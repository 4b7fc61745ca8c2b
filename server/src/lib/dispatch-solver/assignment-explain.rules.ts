/** Why a pair was chosen (or cannot be): the figures behind the cost, in words a dispatcher reads. */
import { evaluatePair } from './assignment-cost.rules';
import type {
  AssignmentOptions,
  AssignmentRequest,
  AssignmentVehicle,
  CostComponents,
  InfeasibleReason,
  PoolUsage,
} from './assignment.types';

export const DEFAULT_CATEGORY_LABELS: Readonly<Record<string, string>> = {
  general: '一般公务用车',
  law_enforcement: '执法执勤用车',
  emergency_support: '应急保障用车',
  confidential_communication: '机要通信用车',
  special_technical: '特种专业技术用车',
};

export type PairExplanation =
  | { readonly feasible: true; readonly components: CostComponents; readonly reason: string }
  | { readonly feasible: false; readonly reasons: readonly InfeasibleReason[]; readonly reason: string };

function label(category: string, options: AssignmentOptions): string {
  return options.categoryLabels?.[category] ?? DEFAULT_CATEGORY_LABELS[category] ?? category;
}

function infeasibleText(
  reason: InfeasibleReason,
  request: AssignmentRequest,
  vehicle: AssignmentVehicle,
  options: AssignmentOptions,
): string {
  switch (reason) {
    case 'seats':
      return `座位不足（${vehicle.seats} 座 < ${request.passengers} 人）`;
    case 'category':
      return `车型不符（需${label(request.category ?? '', options)}）`;
    case 'insurance':
      return '保险在行程结束前到期';
    case 'inspection':
      return '年检在行程结束前到期';
    case 'licence':
      return '驾驶证在行程结束前到期';
    case 'vehicle-busy':
      return '车辆该时段已被占用';
    case 'driver-busy':
      return '驾驶员该时段已有任务';
  }
}

/** e.g. "距上车点 2.3 公里，座位 5/4，本月已出车 3 次（均值 4.1），驾驶员本月 2 次（均值 3.8）". */
export function explainPair(
  request: AssignmentRequest,
  vehicle: AssignmentVehicle,
  pool: PoolUsage,
  options: AssignmentOptions = {},
): PairExplanation {
  const evaluation = evaluatePair(request, vehicle, pool, options);
  if (!evaluation.feasible) {
    const texts = evaluation.reasons.map((r) => infeasibleText(r, request, vehicle, options));
    return { feasible: false, reasons: evaluation.reasons, reason: `不可派：${texts.join('；')}` };
  }
  const c = evaluation.components;
  const parts = [
    `距上车点 ${(c.pickupMetres / 1000).toFixed(1)} 公里`,
    `座位 ${c.seats}/${c.passengers}`,
    `本月已出车 ${vehicle.usage.trips} 次（均值 ${pool.vehicleTrips.toFixed(1)}）`,
    `驾驶员本月 ${vehicle.driver.usage.trips} 次（均值 ${pool.driverTrips.toFixed(1)}）`,
  ];
  if (c.categoryCost > 0) parts.push(`占用${label(vehicle.category, options)}`);
  return { feasible: true, components: c, reason: parts.join('，') };
}
