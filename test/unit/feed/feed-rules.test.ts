import { recordsOf } from '../../../server/src/modules/feed';

const at = new Date('2026-12-01T02:00:00.000Z');
const costs = { rentalFen: 0, fuelFen: 0, tollFen: 0, parkingFen: 0, otherFen: 0 };
const trip = { tripId: 7, unitId: 3, regionCode: '130102', purpose: '调研', route: '石家庄市 → 保定市' };
const own = { assignmentId: 11, source: 'own', companyId: null, plate: '冀A12345', driverName: '罗军', distanceKm: 86, returnedAt: at.toISOString(), vehicleId: 5, departedAt: at.toISOString() };

const car = {
  vehicleId: 5, plate: '冀A12345', vin: 'LFV3A21K000000001', brandModel: '比亚迪 秦 PLUS EV', energyType: 'electric', displacementMl: null, priceFen: 14_980_000, seats: 5,
  category: 'general', source: 'own', unitId: 3, regionCode: '130102', registeredOn: '2026-11-01', status: 'in_use', terminalPhone: null, exemptedOn: null,
};
const driver = { driverId: 4, name: '罗军', unitId: 3, regionCode: '130102', licenceClass: 'C1', licenceExpires: '2030-01-01', status: 'active' };

/** The records each event gives: interface code, op and business record, in order. */
describe('which events give which feed records', () => {
  it.each([
    ['a fulfilled own-car trip with fuel and toll', 'trip.fulfilled', { ...trip, fulfilledAt: at.toISOString(), assignments: [{ ...own, ...costs, fuelFen: 1_500, tollFen: 300 }] },
      [['PCJL', 'add', 'assignment-11'], ['NHXX', 'add', 'cost-11-energy'], ['TXFY', 'add', 'cost-11-toll']]],
    ['a fulfilled rental-company trip without costs', 'trip.fulfilled', { ...trip, fulfilledAt: at.toISOString(), assignments: [{ ...own, ...costs, companyId: 9, rentalFen: 12_000 }] },
      [['ZLPC', 'add', 'assignment-11']]],
    ['a cost correction (toll added, fuel removed, parking changed)', 'trip.costs_corrected', {
      ...trip, assignmentId: 11, companyId: null, plate: '冀A12345', before: { ...costs, fuelFen: 1_000, parkingFen: 500 }, after: { ...costs, tollFen: 300, parkingFen: 800 },
      reason: '票据更正', correctedAt: at.toISOString(), correctedBy: 2,
    }, [['NHXX', 'delete', 'cost-11-energy'], ['TXFY', 'add', 'cost-11-toll'], ['TCFY', 'update', 'cost-11-parking']]],
    ['a cancelled trip with one car sent', 'trip.cancelled', { ...trip, at: at.toISOString(), reason: '行程取消', assignments: [{ assignmentId: 11, companyId: null, plate: '冀A12345', status: 'dispatched' }] },
      [['PCJL', 'add', 'assignment-11']]],
    ['official time-share use', 'rental.ended', { rentalId: 4, userId: 1, unitId: 3, companyId: 9, vehicleId: 5, plate: '冀A12345', at: at.toISOString(), purpose: 'official', tripId: null, how: 'returned', minutes: 60, km: 12, amountFen: 3_000, startedAt: at.toISOString(), endedAt: at.toISOString() },
      [['ZLPC', 'add', 'rental-4']]],
    ['personal time-share use (not reported)', 'rental.ended', { rentalId: 4, userId: 1, unitId: 3, companyId: 9, vehicleId: 5, plate: '冀A12345', at: at.toISOString(), purpose: 'personal', tripId: null, how: 'returned', minutes: 60, km: 12, amountFen: 3_000, startedAt: at.toISOString(), endedAt: at.toISOString() },
      []],
    ['an overspeed and fatigue alarm', 'vehicle.alarm_raised', { vehicleId: 5, bits: [1, 2], at: at.toISOString(), lat: 38, lng: 114 },
      [['WGYJ', 'add', 'alarm-5-1'], ['WGYJ', 'add', 'alarm-5-2']]],
    ['an alarm cleared', 'vehicle.alarm_cleared', { vehicleId: 5, bits: [1], at: at.toISOString(), lat: 38, lng: 114 },
      [['WGYJ', 'update', 'alarm-5-1']]],
    ['a disposal', 'vehicle.disposed', { vehicleId: 5, plate: '冀A12345', unitId: 3, method: 'scrap', applicationId: 8, at: at.toISOString() },
      [['CLCZ', 'add', 'disposal-5']]],
    ['a repair order', 'service_record.billable', { recordId: 6, kind: 'repair', enterpriseId: 2, unitId: 3, vehicleId: 5, amountFen: 80_000, description: '更换刹车片', at: at.toISOString() },
      [['WXBY', 'add', 'service-repair-6']]],
    ['an insurance policy', 'service_record.billable', { recordId: 7, kind: 'insurance', enterpriseId: 2, unitId: 3, vehicleId: 5, amountFen: 380_000, description: '交强险+商业险', at: at.toISOString() },
      [['BXFY', 'add', 'service-insurance-7']]],
    ['a unit created', 'unit.created', { unitId: 12, name: '省机关事务管理局', kind: 'party_government', regionCode: '130000', parentId: null, address: null, at: at.toISOString() },
      [['DWXX', 'add', 'unit-12']]],
    ['a vehicle registered', 'vehicle.registered', { ...car, at: at.toISOString() }, [['CLXX', 'add', 'vehicle-5']]],
    ['a vehicle changed', 'vehicle.changed', { ...car, status: 'pending_disposal', change: '申请报废，转为待处置', at: at.toISOString() }, [['CLXX', 'update', 'vehicle-5']]],
    ['a 年检 recorded', 'vehicle.inspected', { recordId: 9, vehicleId: 5, plate: '冀A12345', unitId: 3, regionCode: '130102', enterpriseId: 2, workOrderNo: 'NJ-1', inspectedOn: '2026-12-01', nextInspectionDue: '2027-12-31', amountFen: 30_000, at: at.toISOString() },
      [['NJXX', 'add', 'inspection-9']]],
    ['a driver entered', 'driver.created', { ...driver, at: at.toISOString() }, [['JSYXX', 'add', 'driver-4']]],
    ['a driver suspended', 'driver.changed', { ...driver, status: 'suspended', change: '停用', at: at.toISOString() }, [['JSYXX', 'update', 'driver-4']]],
    ['a warning raised', 'warning.raised', { warningId: 31, kind: 'speeding', grade: 'yellow', vehicleId: 5, plate: '冀A12345', unitId: 3, regionCode: '130102', tripId: null, title: '超速', detail: '92 km/h', occurredAt: at.toISOString(), at: at.toISOString() },
      [['WGYJ', 'add', 'warning-31']]],
    ['a warning published (closed)', 'warning.changed', { warningId: 31, kind: 'speeding', grade: 'yellow', unitId: 3, regionCode: '130102', vehicleId: 5, action: 'publish', status: 'published', closed: true, note: '通报', actorName: '周明', at: at.toISOString() },
      [['WGYJ', 'update', 'warning-31']]],
    ['a payment (no interface)', 'payment.paid', { orderId: 1, outTradeNo: 'T1', payerUserId: 1, sourceKind: 'deposit', sourceId: '1', amountFen: 100, paidAt: at.toISOString() },
      []],
  ])('when %s is fed, then its records are as the interfaces name them', (_what, type, payload, want) => {
    const records = recordsOf({ id: 42, type, payload, occurredAt: at }, 'HB');
    expect(records.map((r) => [r.interfaceCode, r.op, r.recordId])).toEqual(want);
    // Keys: the event and the record's place in it, stable across retries and resends.
    expect(records.map((r) => r.key)).toEqual(want.map((_, i) => `HB:42:${i}`));
    expect(recordsOf({ id: 42, type, payload, occurredAt: at }, 'HB', true).map((r) => r.key)).toEqual(records.map((r) => r.key));
  });

  it('when a trip is fulfilled, then the dispatch record carries the trip, car, driver, route and times, costs their amount in fen', () => {
    const [dispatch, fuel] = recordsOf({ id: 1, type: 'trip.fulfilled', payload: { ...trip, fulfilledAt: at.toISOString(), assignments: [{ ...own, ...costs, fuelFen: 1_500 }] }, occurredAt: at }, 'HB');
    expect(dispatch).toMatchObject({ kind: 'dispatch', regionCode: '130102', occurredAt: at.toISOString(), resend: false,
      data: { tripId: 7, assignmentId: 11, unitId: 3, plate: '冀A12345', driverName: '罗军', route: '石家庄市 → 保定市', distanceKm: 86, status: 'fulfilled' } });
    expect(fuel!.data).toMatchObject({ amountFen: 1_500, tripId: 7 });
  });
});
