import type { ApprovalHolder, HolderSource } from '@shared/approvals/approvals.schemas';
import { holderSourceLabel } from '@shared/approvals/approvals.schemas';
import type { Role } from '@shared/identity/identity.schemas';
import type { IdentityService } from '../identity';
import type { ApprovalChainRow, ApprovalHolderRow } from './approvals.entity';
import type { ApprovalSettings } from './approvals.config';
import { parentRegionCode } from './approvals.rules';

/** Who is found for a level, and where. */
export interface Found { userIds: number[]; unitId: number; via: HolderSource }

/** A bound on walking up parent units (a cycle in unit data must not hang a submission). */
const MAX_PARENTS = 8;

/**
 * Finds who holds a level of a request (#14 item 4, README「审批兜底」): the named person of the level,
 * else the holders of its role in the request's unit, else the fallback policy's steps in order. The
 * applicant and whoever decided an earlier level of the round are never holders (no self-approval;
 * two levels are two people), so a step whose only candidates are excluded passes to the next one.
 * Identity is asked through its service; inside a transaction its reads join it.
 */
export class ApprovalHolders {
  constructor(private readonly identity: IdentityService, private readonly settings: ApprovalSettings) {}

  async find(unitId: number, level: ApprovalChainRow, excluded: readonly number[]): Promise<Found | null> {
    const keep = (ids: number[]) => ids.filter((id) => !excluded.includes(id));
    if (level.approverUserId != null && !excluded.includes(level.approverUserId)) {
      const named = await this.identity.userById(level.approverUserId);
      if (named && named.status === 'active') return { userIds: [named.id], unitId: named.unitId, via: 'named' };
    }
    const own = keep(await this.identity.usersWithRole(unitId, level.approverRole));
    if (own.length) return { userIds: own, unitId, via: 'unit' };
    const unit = await this.identity.unitById(unitId);
    if (!unit) return null;
    for (const step of this.settings.fallback) {
      const found = step === 'parent_unit'
        ? await this.fromParents(unit.parentId, level.approverRole, keep)
        : await this.fromRegionOffices(unit.regionCode, keep);
      if (found) return found;
    }
    return null;
  }

  /** The unit's parent, then its parent…: the first that has holders of the role. */
  private async fromParents(parentId: number | null, role: Role, keep: (ids: number[]) => number[]): Promise<Found | null> {
    for (let id = parentId, n = 0; id != null && n < MAX_PARENTS; n++) {
      const ids = keep(await this.identity.usersWithRole(id, role));
      if (ids.length) return { userIds: ids, unitId: id, via: 'parent_unit' };
      id = (await this.identity.unitById(id))?.parentId ?? null;
    }
    return null;
  }

  /** The supervision office of the region, then of each region above: the first office role with anyone. */
  private async fromRegionOffices(regionCode: string, keep: (ids: number[]) => number[]): Promise<Found | null> {
    for (let code: string | null = regionCode; code; code = parentRegionCode(code)) {
      const inRegion = await this.identity.unitIdsInScope({ all: false, regionPrefixes: [code], unitIds: [], companyIds: [] });
      const offices = (await this.identity.unitsByIds(inRegion)).filter((u) => u.kind === 'supervision_office' && u.regionCode === code);
      for (const office of offices) {
        for (const role of this.settings.officeRoles) {
          const ids = keep(await this.identity.usersWithRole(office.id, role));
          if (ids.length) return { userIds: ids, unitId: office.id, via: 'region_office' };
        }
      }
    }
    return null;
  }

  /** Stored holders as the API shows them (names of people and units in two queries). */
  async describe(rows: readonly ApprovalHolderRow[]): Promise<Map<number, ApprovalHolder[]>> {
    const byRequest = new Map<number, ApprovalHolder[]>();
    if (!rows.length) return byRequest;
    const [users, units] = await Promise.all([
      this.identity.usersByIds([...new Set(rows.map((r) => r.userId))]),
      this.identity.unitsByIds([...new Set(rows.map((r) => r.unitId))]),
    ]);
    const userName = new Map(users.map((u) => [u.id, u.name]));
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    for (const r of rows) {
      const list = byRequest.get(r.requestId) ?? [];
      list.push({ userId: r.userId, name: userName.get(r.userId) ?? '', unitId: r.unitId, unitName: unitName.get(r.unitId) ?? '', via: r.via, viaLabel: holderSourceLabel[r.via] });
      byRequest.set(r.requestId, list);
    }
    return byRequest;
  }

  /** Names the unit for a refusal ("单位「建北街道办事处」（10）"). */
  async unitName(unitId: number): Promise<string> {
    const unit = await this.identity.unitById(unitId);
    return unit ? `单位「${unit.name}」（${unitId}）` : `单位 ${unitId}`;
  }
}
