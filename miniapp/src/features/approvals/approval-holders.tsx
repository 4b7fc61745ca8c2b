import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import type { ApprovalDetail } from '@shared/approvals/approvals.schemas';
import { getApprovalOf } from '../../services/approvals.api';
import { InfoRow } from '../../components/info-row';
import '../../components/work.css';

/**
 * Who holds a pending trip's approval (#14 item 4): the applicant sees the level and the people who
 * can decide it — the unit's own approver, or the fallback's (上级单位 / 主管部门) — instead of a bare 审批中.
 * `refreshKey` reloads it when the trip changes.
 */
export function ApprovalHolders({ tripId, refreshKey }: { tripId: number; refreshKey?: string }) {
  const [approval, setApproval] = useState<ApprovalDetail | null>(null);

  useEffect(() => {
    let live = true;
    // The trip's own page stays usable without it (an older server, a network hiccup): nothing is shown then.
    getApprovalOf('trip', tripId).then((a) => { if (live) setApproval(a); }).catch(() => { if (live) setApproval(null); });
    return () => { live = false; };
  }, [tripId, refreshKey]);

  if (!approval || approval.status !== 'pending') return null;
  const who = approval.holders.map((h) => `${h.name}（${h.unitName}${h.via === 'unit' ? '' : ` · ${h.viaLabel}`}）`).join('、');
  return (
    <View className="card approval-holders">
      <Text className="card-title">审批进度</Text>
      <InfoRow label="当前" value={approval.levels > 1 ? `第 ${approval.level} 级，共 ${approval.levels} 级` : '一级审批'} />
      <InfoRow label="审批人" value={who || '—'} hook="approval-holders-names" />
    </View>
  );
}
