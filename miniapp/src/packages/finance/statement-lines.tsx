import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import { describeParts, type Statement, type StatementLine } from '@shared/settlement/settlement.schemas';
import { StatusChip } from '../../components/status-chip';
import { formatShanghai, formatYuan } from '../../utils/format';
import { lineReviewLabel, lineReviewTone, sourceKindLabel } from './finance-display';
import '../../components/work.css';
import './finance.css';

/**
 * Lines per order (a statement bills one unit, named in its header): what, when, how much and of what (租车费、油费…), the company's review and its reason,
 * corrections with the line they correct. `extra` adds the page's controls under a line.
 */
export function StatementLines({ statement, extra }: { statement: Statement; extra?: (line: StatementLine) => ReactNode }) {
  const byId = new Map(statement.lines.map((l) => [l.id, l]));
  return (
    <View className="card statement-lines">
      <Text className="card-title">订单明细（{statement.lines.length} 条）</Text>
      {statement.units.map((u) => (
        <View key={u.unitId} className={`statement-unit-group unit-group-${u.unitId}`}>
          {statement.lines.filter((l) => l.unitId === u.unitId).map((l) => {
            const corrected = l.correctsLineId ? byId.get(l.correctsLineId) : undefined;
            return (
              <View key={l.id} className={`line-item statement-line statement-line-${l.id} line-review-${l.reviewStatus} line-kind-${l.kind}`}>
                <View className="line-head">
                  <Text className="line-desc">{l.description}</Text>
                  <Text className={`line-amount${l.amountFen < 0 ? ' line-amount-negative' : ''}`}>{formatYuan(l.amountFen)}</Text>
                </View>
                {l.parts && describeParts(l.parts) ? <Text className="line-parts">{describeParts(l.parts)}</Text> : null}
                <View className="line-head">
                  <Text className="line-meta">
                    {l.kind === 'correction' ? '调整' : sourceKindLabel(l.sourceKind)}
                    {l.sourceId ? ` · ${l.sourceId}` : ''}
                    {l.completedAt ? ` · ${formatShanghai(l.completedAt)}` : ` · 录入于 ${formatShanghai(l.createdAt)}`}
                  </Text>
                  <StatusChip label={lineReviewLabel[l.reviewStatus]} tone={lineReviewTone[l.reviewStatus]} hook="line-review" />
                </View>
                {l.disputeReason ? <Text className="line-dispute">企业异议：{l.disputeReason}</Text> : null}
                {l.kind === 'correction' && corrected ? <Text className="line-correction">调整明细 {corrected.sourceId || corrected.id}（原 {formatYuan(corrected.amountFen)}）</Text> : null}
                {extra ? extra(l) : null}
              </View>
            );
          })}
        </View>
      ))}
    </View>
  );
}
