import { priceRental, distanceToFence, type PlanTerms } from '../../../server/src/modules/rental/rental.rules';

/** Shanghai wall time → instant (UTC+8, no daylight saving). */
const sh = (iso: string) => Date.parse(`${iso}+08:00`);
const minutePlan: PlanTerms = { timeUnit: 'minute', dayRateFen: 50, nightRateFen: 25, nightStartMinute: 22 * 60, nightEndMinute: 6 * 60, perKmFen: 80, dailyCapFen: 8_300, minChargeFen: 500 };
const hourPlan: PlanTerms = { ...minutePlan, timeUnit: 'hour', dayRateFen: 1_800, nightRateFen: 900, perKmFen: 0, minChargeFen: 1_800 };
const flat: PlanTerms = { ...minutePlan, nightRateFen: null, dailyCapFen: null, minChargeFen: 0 };

describe('priceRental (分时租赁计费)', () => {
  it.each([
    // [what, plan, start, end, km (0.1 km), expected parts]
    ['per minute, day rate, with km', minutePlan, '2026-12-05T10:00:00', '2026-12-05T10:37:00', 243, { minutes: 37, dayFen: 1850, nightFen: 0, kmFen: 1944, capDeductionFen: 0, minChargeTopUpFen: 0, totalFen: 3794 }],
    ['a started minute counts whole', minutePlan, '2026-12-05T10:00:00', '2026-12-05T10:10:01', 0, { minutes: 11, dayFen: 550, totalFen: 550 }],
    ['under a minute is one minute, topped up to the minimum charge', minutePlan, '2026-12-05T10:00:00', '2026-12-05T10:00:20', 0, { minutes: 1, dayFen: 50, minChargeTopUpFen: 450, totalFen: 500 }],
    ['minimum charge not applied once exceeded', minutePlan, '2026-12-05T10:00:00', '2026-12-05T10:10:00', 0, { dayFen: 500, minChargeTopUpFen: 0, totalFen: 500 }],
    ['night rate edge: the minute starting 21:59 is day, 22:00 is night', minutePlan, '2026-12-05T21:59:00', '2026-12-05T22:01:00', 0, { dayFen: 50, nightFen: 25, minChargeTopUpFen: 425, totalFen: 500 }],
    ['night rate edge: 05:59 is night, 06:00 is day', minutePlan, '2026-12-06T05:59:00', '2026-12-06T06:02:00', 0, { dayFen: 100, nightFen: 25 }],
    ['night across midnight at the night rate', minutePlan, '2026-12-05T23:30:00', '2026-12-06T00:30:00', 0, { minutes: 60, dayFen: 0, nightFen: 1500, totalFen: 1500 }],
    ['daily cap across midnight: 20:00–04:00 is one 24 h period', minutePlan, '2026-12-05T20:00:00', '2026-12-06T04:00:00', 50, { dayFen: 6000, nightFen: 9000, capDeductionFen: 6700, kmFen: 400, totalFen: 8700 }],
    ['cap exactly reached is not deducted', { ...flat, dailyCapFen: 3000 }, '2026-12-05T10:00:00', '2026-12-05T11:00:00', 0, { dayFen: 3000, capDeductionFen: 0, totalFen: 3000 }],
    ['cap one fen below the time charge', { ...flat, dailyCapFen: 2999 }, '2026-12-05T10:00:00', '2026-12-05T11:00:00', 0, { capDeductionFen: 1, totalFen: 2999 }],
    ['two 24 h periods: each capped, km not capped', minutePlan, '2026-12-05T10:00:00', '2026-12-07T10:00:00', 1000, { minutes: 2880, dayFen: 2 * 48000, nightFen: 2 * 12000, capDeductionFen: 2 * (60000 - 8300), kmFen: 8000, totalFen: 2 * 8300 + 8000 }],
    ['the 24 h period counts from the start, not from midnight: 25 h is a second period of one hour', minutePlan, '2026-12-05T10:00:00', '2026-12-06T11:00:00', 0, { totalFen: 8300 + 3000 }],
    ['per started hour at the day rate', hourPlan, '2026-12-05T09:00:00', '2026-12-05T11:05:00', 0, { dayFen: 5400, totalFen: 5400 }],
    ['per hour: an hour starting at night is charged at night', hourPlan, '2026-12-05T21:30:00', '2026-12-05T23:30:00', 0, { dayFen: 1800, nightFen: 900, totalFen: 2700 }],
    ['no night rate: the day rate all night, no cap', flat, '2026-12-05T23:00:00', '2026-12-06T01:00:00', 0, { dayFen: 6000, nightFen: 0, totalFen: 6000 }],
    ['km rounded to the fen', { ...flat, perKmFen: 99 }, '2026-12-05T10:00:00', '2026-12-05T10:01:00', 15, { kmFen: 149, km: 1.5 }],
    ['a night window not wrapping midnight (12:00–14:00 off-peak)', { ...minutePlan, nightStartMinute: 12 * 60, nightEndMinute: 14 * 60 }, '2026-12-05T11:59:00', '2026-12-05T12:02:00', 0, { dayFen: 50, nightFen: 50 }],
  ] as const)('%s', (_what, plan, start, end, kmHm, expected) => {
    expect(priceRental(plan, sh(start), sh(end), kmHm)).toMatchObject(expected);
  });

  it('the parts always add up to the total', () => {
    for (let h = 0; h < 48; h += 1) {
      const p = priceRental(minutePlan, sh('2026-12-05T00:00:00') + h * 1_777_000, sh('2026-12-05T00:00:00') + h * 1_777_000 + h * 3_601_000, h * 37);
      expect(p.dayFen + p.nightFen - p.capDeductionFen + p.kmFen + p.minChargeTopUpFen).toBe(p.totalFen);
    }
  });
});

describe('distanceToFence', () => {
  const circle = { kind: 'circle' as const, center: { lat: 38.01262, lng: 114.47925 }, radiusM: 150 };
  const square = { kind: 'polygon' as const, points: [{ lat: 38.0447, lng: 114.5106 }, { lat: 38.0447, lng: 114.5125 }, { lat: 38.0432, lng: 114.5125 }, { lat: 38.0432, lng: 114.5106 }] };
  it.each([
    ['inside a circle', circle, { lat: 38.0130, lng: 114.4795 }, 0, 0],
    ['1 km north of a circle of 150 m: about 962 m', circle, { lat: 38.01262 + 1000 / 111_195, lng: 114.47925 }, 840, 860],
    ['inside a polygon', square, { lat: 38.0440, lng: 114.5115 }, 0, 0],
    ['0.001° east of a polygon\'s edge: about 88 m', square, { lat: 38.0440, lng: 114.5135 }, 80, 95],
  ] as const)('%s', (_what, fence, p, lo, hi) => {
    const d = distanceToFence(p, fence);
    expect(d).toBeGreaterThanOrEqual(lo);
    expect(d).toBeLessThanOrEqual(hi);
  });
});
