import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { disposalMethodLabel, exemptionReasonLabel, type Application, type VehicleLife } from '@shared/fleet/lifecycle.schemas';
import { serviceBillingLabel } from '@shared/fleet/service-records.schemas';
import { StatusChip } from '../../components/status-chip';
import { formatShanghai, formatYuan } from '../../utils/format';
import type { Tone } from '../../utils/trip-display';

const statusTone: Record<Application['status'], Tone> = { pending: 'orange', approved: 'blue', rejected: 'red', returned: 'grey', completed: 'green' };

/** What an application asked, in one line (the disposal's method, the exemption's reason, the new car). */
function detailLine(a: Application): string {
  const d = a.details as Record<string, string | number | null>;
  if (a.kind === 'disposal') return `${disposalMethodLabel[d.method as keyof typeof disposalMethodLabel]}${a.proceedsFen != null ? ` · 处置收入 ${formatYuan(a.proceedsFen)}` : ''}`;
  if (a.kind === 'exemption') return `${exemptionReasonLabel[d.reason as keyof typeof exemptionReasonLabel]}：${String(d.detail ?? '')}`;
  return `${String(d.brandModel ?? '')} · ${formatYuan(Number(d.priceFen ?? 0))}`;
}

/**
 * The vehicle's life on one page (#17 item 7): its renewal, disposal and exemption applications, and the
 * 三定 records (repairs, fill-ups, policies) with its costs by kind. `manage`: the unit's fleet admin
 * applies from here.
 */
export function VehicleLifeSections({ life, manage }: { life: VehicleLife; manage: boolean }) {
  const v = life.vehicle;
  const open = (kind: string) => void Taro.navigateTo({ url: `/packages/fleet/apply/index?vehicleId=${v.id}&kind=${kind}` });
  const approvedDisposal = life.applications.some((a) => a.kind === 'disposal' && a.status === 'approved');
  return (
    <View className="vehicle-life">
      <View className="card life-costs">
        <Text className="card-title">费用（三定记录）</Text>
        <View className="life-cost-grid">
          <View className="life-cost"><Text className="life-cost-value life-cost-repair">{formatYuan(life.costs.repairFen)}</Text><Text className="life-cost-label">维修保养</Text></View>
          <View className="life-cost"><Text className="life-cost-value life-cost-fuel">{formatYuan(life.costs.fuelFen)}</Text><Text className="life-cost-label">加油充电</Text></View>
          <View className="life-cost"><Text className="life-cost-value life-cost-insurance">{formatYuan(life.costs.insuranceFen)}</Text><Text className="life-cost-label">保险</Text></View>
        </View>
        {life.serviceRecords.slice(0, 10).map((r) => (
          <View key={r.id} className={`life-record life-record-${r.id}`}>
            <Text className="item-line item-line-strong">{r.occurredOn} · {r.kindLabel} · {formatYuan(r.amountFen)}</Text>
            <Text className="item-line muted">{r.enterpriseName} · {serviceBillingLabel[r.billing]}</Text>
          </View>
        ))}
        {!life.serviceRecords.length ? <Text className="item-line muted">暂无维修、加油、保险记录</Text> : null}
      </View>

      <View className="card life-applications">
        <Text className="card-title">更新、处置与暂不纳入</Text>
        {life.applications.map((a) => (
          <View key={a.id} className={`life-application life-application-${a.id} life-application-${a.kind}`}>
            <View className="item-head">
              <Text className="item-line item-line-strong">{a.kindLabel} · 申请 {a.id}</Text>
              <StatusChip label={a.statusLabel} tone={statusTone[a.status]} hook="life-application-status" />
            </View>
            <Text className="item-line">{detailLine(a)}</Text>
            <Text className="item-line muted">{a.applicantName} · {formatShanghai(a.submittedAt)}</Text>
          </View>
        ))}
        {!life.applications.length ? <Text className="item-line muted">暂无申请</Text> : null}
        {v.exemptedOn ? <Text className="item-line life-exempted">已于 {v.exemptedOn} 批准暂不纳入平台管理（附录B）</Text> : null}
        {manage && v.status !== 'disposed' ? (
          <View className="item-actions">
            {v.status !== 'pending_disposal' ? <View className="btn btn-ghost life-apply-renewal" onClick={() => open('renewal')}>申请更新</View> : null}
            <View className="btn btn-ghost life-apply-disposal" onClick={() => open('disposal')}>申请处置</View>
            {!v.exemptedOn && v.status !== 'pending_disposal' ? <View className="btn btn-ghost life-apply-exemption" onClick={() => open('exemption')}>暂不纳入</View> : null}
          </View>
        ) : null}
        {manage && approvedDisposal ? (
          <View className="item-actions"><View className="btn btn-primary life-record-proceeds" onClick={() => open('proceeds')}>登记处置收入</View></View>
        ) : null}
      </View>
    </View>
  );
}
