import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { z } from 'zod';
import { fieldLabel } from '@shared/common/field-labels';
import { approvalKindLabel, approvalKinds, setChainSchema, type ApprovalKind, type Chain } from '@shared/approvals/approvals.schemas';
import {
  createUnitSchema, createUserSchema, regionLevelLabel, roleLabel, roles, unitKindLabel, unitKinds, type Region, type Role, type Unit, type UnitKind, type User,
} from '@shared/identity/identity.schemas';
import { createUnit, createUser, fetchChains, fetchRegions, listUnits, listUsers, setChain } from '../../services/admin.api';
import { ApiError } from '../../services/http';
import { ChoiceChips, FormField, InputField, SubmitButton } from '../../components/form-field';
import { useFormSubmit } from '../../features/use-form-submit';

function parse<T>(schema: z.ZodType<T>, data: unknown): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new ApiError(400, 'VALIDATION_FAILED', `${fieldLabel(issue.path)}：${issue.message}`, false);
}

/** Chips of units to pick one (the directory is small: a page of 100). */
function UnitPicker({ units, value, onChange, hook }: { units: Unit[]; value: number | null; onChange: (id: number) => void; hook: string }) {
  return (
    <View className={`choice-chips ${hook}`}>
      {units.map((u) => (
        <View key={u.id} className={`choice-chip ${hook}-${u.id}${u.id === value ? ' is-active' : ''}`} onClick={() => onChange(u.id)}>{u.name}</View>
      ))}
    </View>
  );
}

function useDirectory() {
  const [regions, setRegions] = useState<Region[]>([]);
  const [units, setUnits] = useState<Unit[]>([]);
  const [users, setUsers] = useState<User[]>([]);
  const reload = async () => {
    const [r, u, us] = await Promise.all([fetchRegions(), listUnits(1), listUsers(1)]);
    setRegions(r); setUnits(u.items); setUsers(us.items);
  };
  useEffect(() => { void reload().catch(() => undefined); }, []);
  return { regions, units, users, reload };
}

const newUnitKinds = unitKinds.filter((k) => k !== 'supervision_office') as UnitKind[];

/** 单位: every unit, and a new one (kind, region, parent, address with its map point). */
export function UnitsView() {
  const d = useDirectory();
  const form = useFormSubmit();
  const [f, setF] = useState<{ name: string; kind: UnitKind; regionCode: string; parentId: number | null; address: string; lat: string; lng: string }>({ name: '', kind: 'party_government', regionCode: '', parentId: null, address: '', lat: '', lng: '' });
  const [created, setCreated] = useState<Unit | null>(null);
  async function save(): Promise<void> {
    await form.submit(async () => {
      const unit = await createUnit(parse(createUnitSchema, {
        name: f.name, kind: f.kind, regionCode: f.regionCode, parentId: f.parentId, address: f.address || null,
        lat: f.lat ? Number(f.lat) : null, lng: f.lng ? Number(f.lng) : null,
      }));
      setCreated(unit);
      void Taro.showToast({ title: '单位已创建', icon: 'success' });
      await d.reload();
    });
  }
  return (
    <View className="admin-units">
      <View className="card">
        <Text className="form-card-title">新建单位</Text>
        {form.formError ? <View className="form-banner form-banner-error unit-error">{form.formError}</View> : null}
        {created ? <View className="form-banner form-banner-ok unit-created">已创建「{created.name}」（{created.regionName}）</View> : null}
        <InputField label="单位名称" hook="unit-name" required value={f.name} onChange={(name) => setF({ ...f, name })} />
        <FormField label="单位类型" hook="unit-kind" required>
          <ChoiceChips hook="unit-kind" value={f.kind} onChange={(kind) => setF({ ...f, kind })} options={newUnitKinds.map((k) => ({ value: k, label: unitKindLabel[k] }))} />
        </FormField>
        <FormField label="所在区划" hook="unit-region" required>
          <ChoiceChips hook="unit-region" value={f.regionCode} onChange={(regionCode) => setF({ ...f, regionCode, parentId: null })} options={d.regions.map((r) => ({ value: r.code, label: `${r.name}·${regionLevelLabel[r.level]}` }))} />
        </FormField>
        <FormField label="上级单位" hook="unit-parent" hint="可不选">
          <UnitPicker hook="unit-parent" units={d.units.filter((u) => f.regionCode && f.regionCode.startsWith(u.regionCode.replace(/0+$/, '')) && u.kind !== 'supervision_office')} value={f.parentId} onChange={(parentId) => setF({ ...f, parentId: parentId === f.parentId ? null : parentId })} />
        </FormField>
        <InputField label="地址" hook="unit-address" value={f.address} onChange={(address) => setF({ ...f, address })} />
        <InputField label="纬度" hook="unit-lat" type="digit" value={f.lat} onChange={(lat) => setF({ ...f, lat })} hint="地图坐标（GCJ-02），如 38.05" />
        <InputField label="经度" hook="unit-lng" type="digit" value={f.lng} onChange={(lng) => setF({ ...f, lng })} />
        <View className="form-actions"><SubmitButton hook="unit-submit" text="创建单位" busy={form.busy} onClick={() => void save()} /></View>
      </View>
      <View className="card">
        <Text className="card-title">单位（{d.units.length}）</Text>
        {d.units.map((u) => <Text key={u.id} className={`item-line admin-unit-${u.id}`}>{u.name} · {unitKindLabel[u.kind]} · {u.regionName}</Text>)}
      </View>
    </View>
  );
}

const pickableRoles = roles.filter((r) => r !== 'platform_admin') as Role[];

/** 用户与角色: every user, and a new one with roles in a unit. */
export function UsersView() {
  const d = useDirectory();
  const form = useFormSubmit();
  const [f, setF] = useState<{ name: string; phone: string; unitId: number | null; roles: Role[] }>({ name: '', phone: '', unitId: null, roles: [] });
  const [created, setCreated] = useState<User | null>(null);
  const toggle = (r: Role) => setF({ ...f, roles: f.roles.includes(r) ? f.roles.filter((x) => x !== r) : [...f.roles, r] });
  async function save(): Promise<void> {
    await form.submit(async () => {
      const user = await createUser(parse(createUserSchema, { name: f.name, phone: f.phone, unitId: f.unitId ?? 0, roles: f.roles }));
      setCreated(user);
      void Taro.showToast({ title: '用户已创建', icon: 'success' });
      await d.reload();
    });
  }
  return (
    <View className="admin-users">
      <View className="card">
        <Text className="form-card-title">新建用户</Text>
        {form.formError ? <View className="form-banner form-banner-error user-error">{form.formError}</View> : null}
        {created ? <View className="form-banner form-banner-ok user-created">已创建 {created.name}（{created.unitName}）</View> : null}
        <InputField label="姓名" hook="user-name" required value={f.name} onChange={(name) => setF({ ...f, name })} />
        <InputField label="手机号" hook="user-phone" type="number" required value={f.phone} onChange={(phone) => setF({ ...f, phone })} />
        <FormField label="所在单位" hook="user-unit" required>
          <UnitPicker hook="user-unit" units={d.units} value={f.unitId} onChange={(unitId) => setF({ ...f, unitId })} />
        </FormField>
        <FormField label="角色" hook="user-roles" required hint="可多选">
          <View className="choice-chips">
            {pickableRoles.map((r) => (
              <View key={r} className={`choice-chip user-role-${r}${f.roles.includes(r) ? ' is-active' : ''}`} onClick={() => toggle(r)}>{roleLabel[r]}</View>
            ))}
          </View>
        </FormField>
        <View className="form-actions"><SubmitButton hook="user-submit" text="创建用户" busy={form.busy} onClick={() => void save()} /></View>
      </View>
      <View className="card">
        <Text className="card-title">用户（{d.users.length}）</Text>
        {d.users.map((u) => <Text key={u.id} className={`item-line admin-user-${u.id}`}>{u.name} · {u.unitName} · {u.roles.map((r) => roleLabel[r]).join('、')}</Text>)}
      </View>
    </View>
  );
}

/** 审批流程: a unit's chain per kind (and variant), level by level, each a role or a named approver. */
export function ChainsView() {
  const d = useDirectory();
  const form = useFormSubmit();
  const [unitId, setUnitId] = useState<number | null>(null);
  const [kind, setKind] = useState<ApprovalKind>('trip');
  const [variant, setVariant] = useState('in_city');
  const [levels, setLevels] = useState<Array<{ approverRole: Role; approverUserId: number | null }>>([{ approverRole: 'approver', approverUserId: null }]);
  const [chains, setChains] = useState<Chain[]>([]);
  useEffect(() => { if (unitId) void fetchChains(unitId).then(setChains).catch(() => setChains([])); }, [unitId]);
  const unitUsers = d.users.filter((u) => u.unitId === unitId);
  const setLevel = (i: number, patch: Partial<{ approverRole: Role; approverUserId: number | null }>) => setLevels(levels.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  async function save(): Promise<void> {
    await form.submit(async () => {
      setChains(await setChain(parse(setChainSchema, { unitId: unitId ?? 0, kind, variant, levels })));
      void Taro.showToast({ title: '审批流程已保存', icon: 'success' });
    });
  }
  return (
    <View className="admin-chains">
      <View className="card">
        <Text className="form-card-title">设置审批流程</Text>
        {form.formError ? <View className="form-banner form-banner-error chain-error">{form.formError}</View> : null}
        <FormField label="单位" hook="chain-unit" required>
          <UnitPicker hook="chain-unit" units={d.units} value={unitId} onChange={setUnitId} />
        </FormField>
        <FormField label="审批类别" hook="chain-kind" required>
          <ChoiceChips hook="chain-kind" value={kind} onChange={(k) => { setKind(k); setVariant(k === 'trip' ? 'in_city' : k === 'over_standard' ? 'hotel' : 'default'); }} options={approvalKinds.map((k) => ({ value: k, label: approvalKindLabel[k] }))} />
        </FormField>
        <InputField label="细分类别" hook="chain-variant" value={variant} onChange={setVariant} hint="公务用车：in_city 市内 / out_of_city 市外 / emergency 紧急；车辆类：default" />
        {levels.map((l, i) => (
          <FormField key={i} label={`第 ${i + 1} 级`} hook={`chain-level-${i + 1}`}>
            <ChoiceChips hook={`chain-level-${i + 1}-role`} value={l.approverRole} onChange={(approverRole) => setLevel(i, { approverRole })} options={(['approver', 'fleet_admin', 'supervisor'] as Role[]).map((r) => ({ value: r, label: roleLabel[r] }))} />
            <View className="choice-chips">
              <View className={`choice-chip chain-level-${i + 1}-anyone${l.approverUserId == null ? ' is-active' : ''}`} onClick={() => setLevel(i, { approverUserId: null })}>该角色任一人</View>
              {unitUsers.filter((u) => u.roles.includes(l.approverRole)).map((u) => (
                <View key={u.id} className={`choice-chip chain-level-${i + 1}-user-${u.id}${l.approverUserId === u.id ? ' is-active' : ''}`} onClick={() => setLevel(i, { approverUserId: u.id })}>{u.name}</View>
              ))}
            </View>
          </FormField>
        ))}
        <View className="item-actions">
          {levels.length < 5 ? <View className="btn btn-ghost chain-add-level" onClick={() => setLevels([...levels, { approverRole: 'supervisor', approverUserId: null }])}>加一级</View> : null}
          {levels.length > 1 ? <View className="btn btn-ghost chain-remove-level" onClick={() => setLevels(levels.slice(0, -1))}>减一级</View> : null}
        </View>
        <View className="form-actions"><SubmitButton hook="chain-submit" text="保存流程" busy={form.busy} onClick={() => void save()} /></View>
      </View>
      {unitId ? (
        <View className="card chain-list">
          <Text className="card-title">该单位的审批流程</Text>
          {chains.map((c) => (
            <Text key={`${c.kind}/${c.variant}`} className={`item-line chain-row chain-${c.kind}-${c.variant}${c.unitId == null ? ' muted' : ''}`}>
              {approvalKindLabel[c.kind]}（{c.variant}）{c.unitId == null ? '· 平台默认' : ''}：{c.levels.map((l) => `${l.level}. ${l.approverUserId ? (d.users.find((u) => u.id === l.approverUserId)?.name ?? `用户 ${l.approverUserId}`) : roleLabel[l.approverRole]}`).join(' → ')}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}
