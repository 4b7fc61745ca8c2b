import { useCallback, useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { z } from 'zod';
import { fieldLabel } from '@shared/common/field-labels';
import { shanghaiDate } from '@shared/common/time';
import {
  recordServiceSchema, serviceBillingLabel, serviceBillings, serviceImportErrorSchema, serviceKindLabel, type ServiceBilling, type ServiceKind,
} from '@shared/fleet/service-records.schemas';
import type { UnitKind } from '@shared/identity/identity.schemas';
import { importServiceStatement, listServiceRecords, recordService } from '../../../services/lifecycle.api';
import { ImportCard, type ImportOutcome } from '../../../components/import-card';
import { ApiError } from '../../../services/http';
import { getCachedUser, requireSession } from '../../../services/session.store';
import { ChoiceChips, FormField, InputField, SubmitButton } from '../../../components/form-field';
import { usePagedList } from '../../../components/use-paged-list';
import { ListFooter } from '../../../components/list-footer';
import { Empty } from '../../../components/empty';
import { useFormSubmit } from '../../../features/use-form-submit';
import { formatPlate, formatYuan } from '../../../utils/format';
import '../../../components/work.css';
import '../fleet.css';

const kindOf: Partial<Record<UnitKind, ServiceKind>> = { repair_shop: 'repair', fuel_station: 'fuel', insurer: 'insurance' };
const titles: Record<ServiceKind, string> = { repair: '登记维修工单', fuel: '登记加油/充电', insurance: '登记保单' };

function parse<T>(schema: z.ZodType<T>, data: unknown): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new ApiError(400, 'VALIDATION_FAILED', `${fieldLabel(issue.path)}：${issue.message}`, false);
}

/**
 * 对账单导入: written whole or refused whole (the 400's details list each bad cell by row and column);
 * rows imported before are skipped, so sending the month's statement again bills nothing twice.
 */
async function runStatementImport(fileBase64: string, reload: () => void): Promise<ImportOutcome> {
  try {
    const r = await importServiceStatement(fileBase64);
    reload();
    const rows = `第 ${r.skipped.map((s) => s.row).join('、')} 行`;
    if (!r.written) return { ok: true, summary: `对账单中的 ${r.skipped.length} 条记录此前均已导入（${rows}），本次未写入，未重复计费`, errors: [] };
    const skipped = r.skipped.length ? `；${r.skipped.length} 条此前已导入，已跳过（${rows}），未重复计费` : '';
    return { ok: true, summary: `已导入 ${r.written} 条记录，合计 ${formatYuan(r.writtenFen)}，其中挂账月结 ${formatYuan(r.billedFen)} 计入与用车单位的月度结算单${skipped}`, errors: [] };
  } catch (e) {
    const cells = e instanceof ApiError && e.code === 'SERVICE_IMPORT_REJECTED' ? z.array(serviceImportErrorSchema).safeParse(e.details) : null;
    if (!cells?.success) throw e;
    const rows = new Set(cells.data.map((c) => c.row)).size;
    return {
      ok: false, summary: `未写入任何记录：${rows} 行有误，请改正后重新导入整张对账单`,
      // One line per bad cell: the row and column lead, the reason follows (without repeating them).
      errors: cells.data.map((c) => ({ row: c.row, subject: [c.subject, c.column].filter(Boolean).join(' · '), message: c.message.replace(/^第 \d+ 行「[^」]*」：/, '') })),
    };
  }
}

/**
 * 三定企业 (#17 item 6): the designated repair shop, fuel/charging station or insurer records its work
 * against a vehicle by plate; 挂账月结 records reach the monthly statement.
 */
export default function ServiceRecordsPage() {
  const [kind, setKind] = useState<ServiceKind | null>(null);
  const [f, setF] = useState<Record<string, string>>({ occurredOn: shanghaiDate(new Date()), billing: 'monthly', energy: 'gasoline', work: 'repair' });
  const form = useFormSubmit();
  const fetchPage = useCallback((page: number) => listServiceRecords(page), []);
  const list = usePagedList(fetchPage);
  const set = (k: string) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  useLoad(() => {
    if (!requireSession()) return;
    const user = getCachedUser();
    setKind(user ? kindOf[user.unit.kind] ?? null : null);
  });

  async function save(): Promise<void> {
    if (!kind) return;
    const base = { plate: f.plate ?? '', occurredOn: f.occurredOn, amountFen: Math.round(Number(f.amount || '0') * 100), billing: f.billing, note: '' };
    const ok = await form.submit(async () => {
      const input = parse(recordServiceSchema, kind === 'repair'
        ? { ...base, kind, workOrderNo: f.workOrderNo ?? '', work: f.work, items: f.items ?? '', nextInspectionDue: f.nextInspectionDue || null, nextMaintenanceDue: f.nextMaintenanceDue || null }
        : kind === 'fuel'
          ? { ...base, kind, energy: f.energy, quantity: Number(f.quantity || '0') }
          : { ...base, kind, policyNo: f.policyNo ?? '', coverage: f.coverage ?? '', coverFrom: f.coverFrom ?? '', coverTo: f.coverTo ?? '' });
      await recordService(input);
    });
    if (!ok) return;
    void Taro.showToast({ title: '已登记', icon: 'success' });
    await list.reload();
  }

  if (!kind) return <View className="page"><Empty title="仅三定企业可用" hint="定点维修、定点加油、定点保险企业的操作员在这里登记记录" /></View>;
  return (
    <View className={`page service-records service-records-${kind}`}>
      <View className="card">
        <Text className="form-card-title">{titles[kind]}</Text>
        {form.formError ? <View className="form-banner form-banner-error record-error">{form.formError}</View> : null}
        <InputField label="车牌号" hook="record-plate" required value={f.plate ?? ''} onChange={set('plate')} placeholder="如 冀A00101" />
        <InputField label="日期" hook="record-date" required value={f.occurredOn ?? ''} onChange={set('occurredOn')} />
        <InputField label="金额" hook="record-amount" type="digit" unit="元" required value={f.amount ?? ''} onChange={set('amount')} />
        <FormField label="结算方式" hook="record-billing">
          <ChoiceChips hook="record-billing" value={f.billing as ServiceBilling} onChange={set('billing')} options={serviceBillings.map((b) => ({ value: b, label: serviceBillingLabel[b] }))} />
        </FormField>
        {kind === 'repair' ? (
          <View>
            <InputField label="工单号" hook="record-order" required value={f.workOrderNo ?? ''} onChange={set('workOrderNo')} />
            <FormField label="类型" hook="record-work">
              <ChoiceChips hook="record-work" value={f.work as 'repair'} onChange={set('work')} options={[{ value: 'repair', label: '维修' }, { value: 'maintenance', label: '保养' }, { value: 'inspection', label: '年检' }]} />
            </FormField>
            <InputField label="维修项目" hook="record-items" required value={f.items ?? ''} onChange={set('items')} />
            <InputField label="下次保养日期" hook="record-next-maintenance" value={f.nextMaintenanceDue ?? ''} onChange={set('nextMaintenanceDue')} />
            <InputField label="年检有效期至" hook="record-next-inspection" value={f.nextInspectionDue ?? ''} onChange={set('nextInspectionDue')} />
          </View>
        ) : null}
        {kind === 'fuel' ? (
          <View>
            <FormField label="品种" hook="record-energy">
              <ChoiceChips hook="record-energy" value={f.energy as 'gasoline'} onChange={set('energy')} options={[{ value: 'gasoline', label: '汽油' }, { value: 'diesel', label: '柴油' }, { value: 'electricity', label: '充电' }]} />
            </FormField>
            <InputField label="数量" hook="record-quantity" type="digit" unit={f.energy === 'electricity' ? '千瓦时' : '升'} required value={f.quantity ?? ''} onChange={set('quantity')} />
          </View>
        ) : null}
        {kind === 'insurance' ? (
          <View>
            <InputField label="保单号" hook="record-policy" required value={f.policyNo ?? ''} onChange={set('policyNo')} />
            <InputField label="险种" hook="record-coverage" required value={f.coverage ?? ''} onChange={set('coverage')} placeholder="如 交强险＋商业险" />
            <InputField label="保险起期" hook="record-from" required value={f.coverFrom ?? ''} onChange={set('coverFrom')} />
            <InputField label="保险止期" hook="record-to" required value={f.coverTo ?? ''} onChange={set('coverTo')} />
          </View>
        ) : null}
        <View className="form-actions"><SubmitButton hook="record-submit" text="登记" busy={form.busy} onClick={() => void save()} /></View>
      </View>
      <ImportCard
        title={`从 Excel 导入${serviceKindLabel[kind]}对账单`}
        hint="每行一条记录；逐行逐列校验，任何一行有误则整张对账单不写入；已导入过的记录自动跳过，不会重复计费"
        hook="statement-import"
        template={{ path: '/api/service-records/import-template.xlsx', fileName: `${serviceKindLabel[kind]}对账单模板.xlsx` }}
        run={(fileBase64) => runStatementImport(fileBase64, () => void list.reload())}
      />
      <View className="card">
        <Text className="card-title">已登记（{list.total}）</Text>
        {list.items.map((r) => (
          <View key={r.id} className={`life-record service-record-${r.id}`}>
            <Text className="item-line item-line-strong">{formatPlate(r.plate)} · {r.occurredOn} · {formatYuan(r.amountFen)}</Text>
            <Text className="item-line muted">{r.kindLabel} · {serviceBillingLabel[r.billing]}</Text>
          </View>
        ))}
        <ListFooter loading={list.loading} hasMore={list.hasMore} count={list.items.length} onMore={list.loadMore} />
      </View>
    </View>
  );
}
