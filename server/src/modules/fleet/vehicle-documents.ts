import type { Vehicle } from '@shared/fleet/fleet.schemas';
import type { VehicleDocument } from '@shared/fleet/lifecycle.schemas';
import type { ServiceRecord } from '@shared/fleet/service-records.schemas';

/** Within this many days a document shows as due soon (the vehicle list's orange). */
const SOON_DAYS = 30;
const dayMs = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);

/**
 * 证件与到期: the registry's insurance, annual inspection and maintenance due dates, and each insurance
 * policy on record (its number, insurer and end), soonest first — expired, due within 30 days, or fine.
 */
export function vehicleDocuments(v: Vehicle, records: ServiceRecord[], today: string): VehicleDocument[] {
  const doc = (kind: VehicleDocument['kind'], label: string, detail: string, due: string): VehicleDocument => {
    const daysLeft = daysBetween(today, due);
    return { kind, label, detail, due, daysLeft, state: daysLeft < 0 ? 'expired' : daysLeft <= SOON_DAYS ? 'soon' : 'ok' };
  };
  const out = [doc('insurance', '保险到期', '', v.insuranceDue), doc('inspection', '年检到期', '', v.inspectionDue)];
  if (v.maintenanceDue) out.push(doc('maintenance', '保养到期', '', v.maintenanceDue));
  for (const r of records) {
    if (r.kind !== 'insurance') continue;
    const d = r.details as { policyNo?: string; coverage?: string; coverTo?: string };
    if (d.coverTo) out.push(doc('policy', '保单', `${d.policyNo ?? ''} · ${r.enterpriseName}${d.coverage ? ` · ${d.coverage}` : ''}`, d.coverTo));
  }
  return out.sort((a, b) => a.due.localeCompare(b.due));
}
