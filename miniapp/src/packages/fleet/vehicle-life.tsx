import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { disposalMethodLabel, exemptionReasonLabel, type Application, type VehicleDocument, type VehicleLife } from '@shared/fleet/lifecycle.schemas';
import { serviceBillingLabel } from '@shared/fleet/service-records.schemas';
import { StatusChip } from '../../components/status-chip';
import { formatShanghai, formatYuan } from '../../utils/format';
import type { Tone } from '../../utils/trip-display';

const docTone: Record<VehicleDocument['state'], Tone> = { ok: 'green', soon: 'orange', expired: 'red' };
const gradeTone: Record<string, Tone> = { green: 'green', yellow: 'orange', red: 'red' };
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
  const km = (n: number) => `${n.toLocaleString('zh-CN')} 公里`;
  return (
    <View className="vehicle-life">
      <View className="card life-mileage">
        <Text className="card-title">里程</Text>
        <View className="life-cost-grid">
          <View className="life-cost"><Text className="life-cost-value life-odometer">{km(life.mileage.odometerKm)}</Text><Text className="life-cost-label">当前里程表</Text></View>
          <View className="life-cost"><Text className="life-cost-value life-month-km">{km(life.mileage.thisMonthKm)}</Text><Text className="life-cost-label">本月行驶</Text></View>
          <View className="life-cost"><Text className="life-cost-value life-year-km">{km(life.mileage.thisYearKm)}</Text><Text className="life-cost-label">本年行驶</Text></View>
        </View>
        {life.mileage.readings.length ? <Text className="item-line muted">最近读数（回场登记）</Text> : null}
        {life.mileage.readings.map((r) => (
          <Text key={`${r.tripId}/${r.at}`} className="item-line life-reading">{formatShanghai(r.at)} · {km(r.odometerKm)} · 行程 {r.tripId}</Text>
        ))}
      </View>

      <View className="card life-documents">
        <Text className="card-title">证件与到期</Text>
        {life.documents.map((d) => (
          <View key={`${d.kind}/${d.due}/${d.detail}`} className={`life-document life-document-${d.kind} is-${d.state}`}>
            <View className="item-head">
              <Text className="item-line item-line-strong">{d.label} {d.due}</Text>
              <StatusChip label={d.state === 'expired' ? `已过期 ${-d.daysLeft} 天` : d.state === 'soon' ? `${d.daysLeft} 天后到期` : `还有 ${d.daysLeft} 天`} tone={docTone[d.state]} />
            </View>
            {d.detail ? <Text className="item-line muted">{d.detail}</Text> : null}
          </View>
        ))}
      </View>

      <View className="card life-trips">
        <Text className="card-title">最近出车</Text>
        {life.trips.map((t) => (
          <View key={t.assignmentId} className={`life-trip life-trip-${t.tripId}`} onClick={() => void Taro.navigateTo({ url: `/packages/trips/detail/index?id=${t.tripId}` })}>
            <View className="item-head">
              <Text className="item-line item-line-strong">{formatShanghai(t.startAt)} · {t.purpose}</Text>
              <StatusChip label={t.statusLabel} tone={t.status === 'returned' ? 'green' : t.status === 'departed' ? 'blue' : 'grey'} />
            </View>
            <Text className="item-line muted">
              {t.driverName ? `驾驶员 ${t.driverName}` : '未派驾驶员'}
              {t.departOdometerKm != null ? ` · 出车 ${km(t.departOdometerKm)}` : ''}
              {t.returnOdometerKm != null ? ` · 回场 ${km(t.returnOdometerKm)}` : ''}
              {t.km != null ? ` · 行驶 ${km(t.km)}` : ''}
            </Text>
          </View>
        ))}
        {!life.trips.length ? <Text className="item-line muted">暂无出车记录</Text> : null}
      </View>

      {life.warnings ? (
        <View className="card life-warnings">
          <Text className="card-title">预警</Text>
          {life.warnings.map((w) => (
            <View key={w.id} className={`life-warning life-warning-${w.id}`} onClick={() => void Taro.navigateTo({ url: `/packages/supervision/warning/index?id=${w.id}` })}>
              <View className="item-head">
                <Text className="item-line item-line-strong">{w.kindLabel} · {w.title}</Text>
                <StatusChip label={w.statusLabel} tone={gradeTone[w.grade] ?? 'grey'} />
              </View>
              <Text className="item-line muted">{formatShanghai(w.raisedAt)}</Text>
            </View>
          ))}
          {!life.warnings.length ? <Text className="item-line muted">暂无预警</Text> : null}
        </View>
      ) : null}

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
