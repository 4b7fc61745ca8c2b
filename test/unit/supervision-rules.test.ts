import { coversRegion, DEFAULT_RULE_SETTINGS, expiryGrade, expiryStage, gradeOf, RULES, ruleEnabled, significant, useTimeBreach } from '../../server/src/modules/supervision/supervision.rules';
import { loadRuleSettings } from '../../server/src/modules/supervision/supervision.config';
import { addFigures, periodBounds } from '../../server/src/modules/supervision/pool.rules';

describe('supervision rules', () => {
  it.each([
    [45, null], [30, 30], [16, 30], [15, 15], [8, 15], [7, 7], [0, 7], [-1, 0],
  ])('when a due date is %i days away, then the expiry stage is %p', (daysLeft, stage) => {
    expect(expiryStage(daysLeft, [30, 15, 7])).toBe(stage);
  });

  it.each([[30, 'green'], [15, 'yellow'], [7, 'red'], [0, 'red']] as const)('when the stage is %i, then the grade is %s', (stage, grade) => {
    expect(expiryGrade(stage, [30, 15, 7])).toBe(grade);
  });

  it.each([
    ['green', 0, 'green'], ['green', 1, 'green'], ['green', 2, 'yellow'], ['green', 4, 'red'], ['yellow', 2, 'red'], ['red', 9, 'red'],
  ] as const)('when the base grade is %s and %i earlier warnings, then the grade is %s', (base, earlier, grade) => {
    expect(gradeOf(base, earlier)).toBe(grade);
  });

  it.each([
    ['workday', 7 * 60 + 59, 'off_hours_use'], ['workday', 8 * 60, null], ['workday', 17 * 60 + 59, null], ['workday', 18 * 60, 'off_hours_use'],
    ['weekend', 10 * 60, 'holiday_use'], ['holiday', 10 * 60, 'holiday_use'],
  ] as const)('when a car departs on a %s at minute %i, then the breach is %p', (day, minutes, breach) => {
    expect(useTimeBreach(day, minutes, DEFAULT_RULE_SETTINGS)).toBe(breach);
  });

  it('when regions switch a rule, then the nearest switch at or above the region decides, never a sibling\'s', () => {
    const def = RULES.speeding;
    const switches = [{ regionCode: '130000', enabled: false }, { regionCode: '130100', enabled: true }, { regionCode: '130104', enabled: false }];
    expect(ruleEnabled(def, '130102', switches)).toEqual({ enabled: true, decidedBy: '130100' });
    expect(ruleEnabled(def, '130104001', switches)).toEqual({ enabled: false, decidedBy: '130104' });
    expect(ruleEnabled(def, '130602', switches)).toEqual({ enabled: false, decidedBy: '130000' });
    expect(ruleEnabled(def, '130602', [])).toEqual({ enabled: true, decidedBy: null });
    expect(significant('130000')).toBe('13');
    expect(coversRegion('130100', '130104001')).toBe(true);
    expect(coversRegion('130102', '130104')).toBe(false);
  });

  it('when the environment sets the thresholds, then they are read and bad values are refused by name', () => {
    expect(loadRuleSettings({ SUPERVISION_WORK_HOURS: '08:30-17:30', SUPERVISION_EXPIRY_STAGES: '7,30,15' })).toMatchObject({ workStartMin: 510, workEndMin: 1050, expiryStages: [30, 15, 7] });
    expect(() => loadRuleSettings({ SUPERVISION_WORK_HOURS: '18:00-08:00' })).toThrow('SUPERVISION_WORK_HOURS');
    expect(() => loadRuleSettings({ SUPERVISION_EXPIRY_STAGES: '30,x' })).toThrow('SUPERVISION_EXPIRY_STAGES');
  });

  it('when figures are added, then distances sum exactly in 0.1 km and periods cover whole Shanghai days', () => {
    const one = { vehicles: 1, withTerminal: 1, trips: 1, distanceKm: 0.1, costFen: 1, warnings: 1, warningsRed: 0, warningsClosed: 0 };
    expect(addFigures([one, one, one]).distanceKm).toBe(0.3);
    expect(periodBounds('2026-02')).toMatchObject({ fromDay: '2026-02-01', toDay: '2026-02-28', from: new Date('2026-01-31T16:00:00Z'), to: new Date('2026-02-28T16:00:00Z') });
    expect(periodBounds('2026-12-31')).toMatchObject({ from: new Date('2026-12-30T16:00:00Z'), to: new Date('2026-12-31T16:00:00Z') });
  });
});
