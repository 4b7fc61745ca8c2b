import type { EntityManager } from 'typeorm';
import { VehicleEntity } from '../modules/fleet/fleet.entity';
import { CarEntity, PlanEntity, StationEntity } from '../modules/rental/rental.entity';

/**
 * 分时租赁 demo (issue #15): the rental company's stations with fences around real 石家庄 places
 * (WGS-84, as terminals report), two price plans and its four electric time-share cars parked at
 * the stations (their simulated terminals park them there, see rentalCarHomes).
 */
export const rentalStations = [
  { key: 'station', name: '石家庄站北广场', address: '桥西区中华南大街 石家庄站北广场停车场', lat: 38.01262, lng: 114.47925,
    fence: { kind: 'circle' as const, center: { lat: 38.01262, lng: 114.47925 }, radiusM: 150 } },
  { key: 'museum', name: '河北博物院', address: '长安区东大街 4 号 河北博物院地面停车场', lat: 38.04393, lng: 114.51155,
    fence: { kind: 'polygon' as const, points: [
      { lat: 38.04470, lng: 114.51060 }, { lat: 38.04470, lng: 114.51250 }, { lat: 38.04320, lng: 114.51250 }, { lat: 38.04320, lng: 114.51060 },
    ] } },
  { key: 'office', name: '租赁公司红旗大街网点', address: '桥西区红旗大街 河北公务出行汽车租赁有限公司', lat: 38.02900, lng: 114.47300,
    fence: { kind: 'circle' as const, center: { lat: 38.02900, lng: 114.47300 }, radiusM: 120 } },
];

export const rentalPlans = [
  { key: 'minute', name: '按分钟计费', timeUnit: 'minute' as const, dayRateFen: 50, nightRateFen: 25, nightStartMinute: 22 * 60, nightEndMinute: 6 * 60,
    perKmFen: 80, dailyCapFen: 8_300, minChargeFen: 500 },
  { key: 'hour', name: '按小时计费', timeUnit: 'hour' as const, dayRateFen: 1_800, nightRateFen: 900, nightStartMinute: 22 * 60, nightEndMinute: 6 * 60,
    perKmFen: 0, dailyCapFen: 8_300, minChargeFen: 1_800 },
];

export const rentalCars = [
  { plate: '冀AD20001', station: 'station', plan: 'minute', batteryPct: 86, rangeKm: 340 },
  { plate: '冀AD20002', station: 'station', plan: 'minute', batteryPct: 72, rangeKm: 280 },
  { plate: '冀AD20003', station: 'museum', plan: 'hour', batteryPct: 15, rangeKm: 40 },
  { plate: '冀AD20004', station: 'office', plan: 'minute', batteryPct: 94, rangeKm: 410 },
];

export async function seedRental(em: EntityManager, companyId: number, now = new Date()): Promise<void> {
  const stationIds = new Map<string, number>();
  for (const s of rentalStations) {
    const row = await em.save(StationEntity, { companyId, name: s.name, address: s.address, lat: s.lat, lng: s.lng, fence: JSON.stringify(s.fence), acceptsReturns: true, createdAt: now });
    stationIds.set(s.key, row.id);
  }
  const planIds = new Map<string, number>();
  for (const { key, ...p } of rentalPlans) planIds.set(key, (await em.save(PlanEntity, { companyId, ...p })).id);
  for (const c of rentalCars) {
    const v = await em.findOneByOrFail(VehicleEntity, { plate: c.plate });
    await em.save(CarEntity, {
      vehicleId: v.id, companyId, stationId: stationIds.get(c.station)!, planId: planIds.get(c.plan)!, plate: v.plate, model: v.brandModel, seats: v.seats,
      batteryPct: c.batteryPct, rangeKm: c.rangeKm, status: 'available',
    });
  }
}
