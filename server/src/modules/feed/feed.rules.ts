import type { DomainEventPayload, DomainEventType } from '@shared/events/domain-events';
import { unitKindLabel } from '@shared/identity/identity.schemas';
import { vehicleCategoryLabel } from '@shared/fleet/fleet.schemas';
import { warningKindLabel, warningStatusLabel } from '@shared/supervision/supervision.schemas';
import { feedInterfaces, type FeedOp, type FeedRecord, type FeedRecordKind } from '@shared/feed/feed.wire';

/**
 * Which domain events become which records of the upward feed (pure: no I/O). The platform records
 * events for dispatches (trips fulfilled, cancelled, not shown up; official time-share use), their
 * costs (fuel as energy use, tolls, parking, other) and their corrections, terminal alarms and
 * supervision's warnings and their loop (violations/warnings), vehicle disposals, the 三定 enterprises'
 * repair orders, fill-ups and insurance policies (maintenance, energy, insurance costs) and 年检 (annual
 * inspection), units created, vehicles registered and changed, drivers created and changed.
 * Complaints, over-standard vehicles and supervisors' field inspections (巡查检查) have no source in
 * the platform yet (feedEventTypes grows with them).
 */
export const feedEventTypes = [
  'trip.fulfilled', 'trip.costs_corrected', 'trip.cancelled', 'trip.no_show', 'rental.ended', 'vehicle.alarm_raised', 'vehicle.alarm_cleared',
  'vehicle.disposed', 'service_record.billable',
  'unit.created', 'vehicle.registered', 'vehicle.changed', 'vehicle.inspected', 'driver.created', 'driver.changed', 'warning.raised', 'warning.changed',
] as const satisfies readonly DomainEventType[];
export type FeedEventType = (typeof feedEventTypes)[number];

/** The record kinds those events give. */
export const feedKindsSent: FeedRecordKind[] = [
  'unit', 'vehicle', 'driver', 'dispatch', 'rental_dispatch', 'maintenance', 'annual_inspection', 'energy', 'insurance_cost', 'toll', 'parking', 'other_cost', 'violation', 'disposal',
];

const serviceKinds = { repair: 'maintenance', fuel: 'energy', insurance: 'insurance_cost' } as const satisfies Record<string, FeedRecordKind>;
const disposalMethods: Record<string, string> = { auction: '拍卖', buy_back: '回购', scrap: '报废', transfer: '划转' };

const unitKindNames: Record<string, string> = unitKindLabel;
const vehicleStatusNames: Record<string, string> = { in_use: '在用', repair: '维修', suspended: '停用', pending_disposal: '待处置', disposed: '已处置' };

export interface FeedSourceEvent { id: number; type: string; payload: unknown; occurredAt: Date }

/** JT/T 808-2019 table 24: the alarm bits a terminal reports (those supervision cares for named). */
const alarmBits: Record<number, string> = {
  0: '紧急报警', 1: '超速报警', 2: '疲劳驾驶', 3: '危险预警', 4: 'GNSS 模块故障', 5: 'GNSS 天线未接或被剪断', 6: 'GNSS 天线短路',
  7: '终端主电源欠压', 8: '终端主电源掉电', 13: '超速预警', 14: '疲劳驾驶预警', 18: '当天累计驾驶超时', 19: '超时停车',
  20: '进出区域', 21: '进出路线', 22: '路段行驶时间不足/过长', 23: '路线偏离报警', 27: '车辆非法点火', 28: '车辆非法位移', 30: '侧翻预警',
};

const costParts = [['fuelFen', 'energy'], ['tollFen', 'toll'], ['parkingFen', 'parking'], ['otherFen', 'other_cost']] as const;

/** The records one event gives (none: an event the supervision platform has no interface for, e.g. personal time-share use). */
export function recordsOf(e: FeedSourceEvent, appId: string, resend = false): FeedRecord[] {
  const out: FeedRecord[] = [];
  const occurredAt = e.occurredAt.toISOString();
  const add = (kind: FeedRecordKind, op: FeedOp, recordId: string, regionCode: string | null, data: Record<string, unknown>) => {
    out.push({ key: `${appId}:${e.id}:${out.length}`, interfaceCode: feedInterfaces[kind].code, kind, op, recordId, regionCode, occurredAt, resend, data });
  };
  switch (e.type as FeedEventType) {
    case 'trip.fulfilled': {
      const p = e.payload as DomainEventPayload<'trip.fulfilled'>;
      for (const a of p.assignments) {
        const trip = { tripId: p.tripId, assignmentId: a.assignmentId, unitId: p.unitId, plate: a.plate };
        add(a.companyId != null ? 'rental_dispatch' : 'dispatch', 'add', `assignment-${a.assignmentId}`, p.regionCode, {
          ...trip, source: a.source, companyId: a.companyId, purpose: p.purpose, route: p.route, vehicleId: a.vehicleId ?? null, driverName: a.driverName,
          departedAt: a.departedAt ?? null, returnedAt: a.returnedAt, distanceKm: a.distanceKm, rentalFen: a.rentalFen, status: 'fulfilled', fulfilledAt: p.fulfilledAt,
        });
        for (const [field, kind] of costParts) {
          if (a[field] > 0) add(kind, 'add', `cost-${a.assignmentId}-${kind}`, p.regionCode, { ...trip, amountFen: a[field], at: a.returnedAt ?? p.fulfilledAt });
        }
      }
      break;
    }
    case 'trip.costs_corrected': {
      const p = e.payload as DomainEventPayload<'trip.costs_corrected'>;
      const trip = { tripId: p.tripId, assignmentId: p.assignmentId, unitId: p.unitId, plate: p.plate };
      for (const [field, kind] of costParts) {
        const before = p.before[field];
        const after = p.after[field];
        if (before === after) continue;
        add(kind, before === 0 ? 'add' : after === 0 ? 'delete' : 'update', `cost-${p.assignmentId}-${kind}`, p.regionCode, { ...trip, amountFen: after, beforeFen: before, reason: p.reason, at: p.correctedAt });
      }
      if (p.before.rentalFen !== p.after.rentalFen) {
        add(p.companyId != null ? 'rental_dispatch' : 'dispatch', 'update', `assignment-${p.assignmentId}`, p.regionCode, { ...trip, rentalFen: p.after.rentalFen, reason: p.reason, correctedAt: p.correctedAt });
      }
      break;
    }
    case 'trip.cancelled':
    case 'trip.no_show': {
      const p = e.payload as DomainEventPayload<'trip.cancelled'>;
      const status = e.type === 'trip.cancelled' ? 'cancelled' : 'no_show';
      for (const a of p.assignments) {
        add(a.companyId != null ? 'rental_dispatch' : 'dispatch', 'add', `assignment-${a.assignmentId}`, p.regionCode, {
          tripId: p.tripId, assignmentId: a.assignmentId, unitId: p.unitId, plate: a.plate, companyId: a.companyId, purpose: p.purpose, route: p.route,
          status, reason: p.reason, at: p.at,
        });
      }
      break;
    }
    case 'rental.ended': {
      const p = e.payload as DomainEventPayload<'rental.ended'>;
      // Personal use of a time-share car is no official use: not reported (PIPL: collect what a purpose needs).
      if (p.purpose !== 'official') break;
      add('rental_dispatch', 'add', `rental-${p.rentalId}`, null, {
        rentalId: p.rentalId, tripId: p.tripId, unitId: p.unitId, companyId: p.companyId, vehicleId: p.vehicleId, plate: p.plate, source: 'time_share',
        startedAt: p.startedAt, endedAt: p.endedAt, minutes: p.minutes, distanceKm: p.km, amountFen: p.amountFen, how: p.how,
      });
      break;
    }
    case 'vehicle.alarm_raised':
    case 'vehicle.alarm_cleared': {
      const p = e.payload as DomainEventPayload<'vehicle.alarm_raised'>;
      const raised = e.type === 'vehicle.alarm_raised';
      for (const bit of p.bits) {
        add('violation', raised ? 'add' : 'update', `alarm-${p.vehicleId}-${bit}`, null, {
          vehicleId: p.vehicleId, alarmBit: bit, alarmName: alarmBits[bit] ?? `报警位 ${bit}`, state: raised ? 'raised' : 'cleared', at: p.at, lat: p.lat, lng: p.lng,
        });
      }
      break;
    }
    case 'vehicle.disposed': {
      const p = e.payload as DomainEventPayload<'vehicle.disposed'>;
      add('disposal', 'add', `disposal-${p.vehicleId}`, null, {
        vehicleId: p.vehicleId, plate: p.plate, unitId: p.unitId, method: p.method, methodName: disposalMethods[p.method] ?? p.method, applicationId: p.applicationId, at: p.at,
      });
      break;
    }
    case 'service_record.billable': {
      const p = e.payload as DomainEventPayload<'service_record.billable'>;
      add(serviceKinds[p.kind], 'add', `service-${p.kind}-${p.recordId}`, null, {
        recordId: p.recordId, vehicleId: p.vehicleId, unitId: p.unitId, enterpriseId: p.enterpriseId, amountFen: p.amountFen, description: p.description, at: p.at,
      });
      break;
    }
    // 单位信息: a unit as the directory holds it (name, kind, region, parent, address).
    case 'unit.created': {
      const p = e.payload as DomainEventPayload<'unit.created'>;
      add('unit', 'add', `unit-${p.unitId}`, p.regionCode, {
        unitId: p.unitId, name: p.name, kind: p.kind, kindName: unitKindNames[p.kind] ?? p.kind, parentId: p.parentId, address: p.address, at: p.at,
      });
      break;
    }
    // 车辆信息: the vehicle's registry facts, whole on every message (add on registration, update on each change).
    case 'vehicle.registered':
    case 'vehicle.changed': {
      const p = e.payload as DomainEventPayload<'vehicle.changed'>;
      const changed = e.type === 'vehicle.changed';
      add('vehicle', changed ? 'update' : 'add', `vehicle-${p.vehicleId}`, p.regionCode, {
        vehicleId: p.vehicleId, plate: p.plate, vin: p.vin, brandModel: p.brandModel, energyType: p.energyType, displacementMl: p.displacementMl, priceFen: p.priceFen,
        seats: p.seats, category: p.category, categoryName: vehicleCategoryLabel[p.category], source: p.source, unitId: p.unitId, registeredOn: p.registeredOn,
        status: p.status, statusName: vehicleStatusNames[p.status] ?? p.status, terminalFitted: p.terminalPhone != null, terminalPhone: p.terminalPhone, exemptedOn: p.exemptedOn,
        ...(changed ? { change: p.change } : {}), at: p.at,
      });
      break;
    }
    // 年检信息: a 年检 done by a designated repair shop.
    case 'vehicle.inspected': {
      const p = e.payload as DomainEventPayload<'vehicle.inspected'>;
      add('annual_inspection', 'add', `inspection-${p.recordId}`, p.regionCode, {
        recordId: p.recordId, vehicleId: p.vehicleId, plate: p.plate, unitId: p.unitId, enterpriseId: p.enterpriseId, workOrderNo: p.workOrderNo,
        inspectedOn: p.inspectedOn, nextInspectionDue: p.nextInspectionDue, amountFen: p.amountFen, at: p.at,
      });
      break;
    }
    // 驾驶员信息: name, unit, licence class and expiry, status (the phone stays here: PIPL, what the purpose needs).
    case 'driver.created':
    case 'driver.changed': {
      const p = e.payload as DomainEventPayload<'driver.changed'>;
      const changed = e.type === 'driver.changed';
      add('driver', changed ? 'update' : 'add', `driver-${p.driverId}`, p.regionCode, {
        driverId: p.driverId, name: p.name, unitId: p.unitId, licenceClass: p.licenceClass, licenceExpires: p.licenceExpires, status: p.status,
        ...(changed ? { change: p.change } : {}), at: p.at,
      });
      break;
    }
    // 违规预警: supervision's warning when raised, then each step of its loop (status, and closed once nothing is left to do).
    case 'warning.raised': {
      const p = e.payload as DomainEventPayload<'warning.raised'>;
      add('violation', 'add', `warning-${p.warningId}`, p.regionCode, {
        warningId: p.warningId, kind: p.kind, kindName: warningKindLabel[p.kind], grade: p.grade, vehicleId: p.vehicleId, plate: p.plate, unitId: p.unitId,
        tripId: p.tripId, title: p.title, detail: p.detail, state: 'raised', status: 'open', statusName: warningStatusLabel.open, occurredAt: p.occurredAt, at: p.at,
      });
      break;
    }
    case 'warning.changed': {
      const p = e.payload as DomainEventPayload<'warning.changed'>;
      add('violation', 'update', `warning-${p.warningId}`, p.regionCode, {
        warningId: p.warningId, kind: p.kind, kindName: warningKindLabel[p.kind], grade: p.grade, vehicleId: p.vehicleId, unitId: p.unitId,
        state: p.closed ? 'closed' : 'handling', action: p.action, status: p.status, statusName: warningStatusLabel[p.status], note: p.note, handledBy: p.actorName, at: p.at,
      });
      break;
    }
  }
  return out;
}
