import { departOdometerStart } from '@shared/trips/odometer-hint';

/** #14 item 3: the driver's 出车 form never offers a reading the server then refuses (below the vehicle's record). */
describe('departOdometerStart', () => {
  it.each([
    ['the terminal is below the record (a terminal counting from its own zero)', 663.9, 188_400, 188_400, ['663.9 km', '188,400 km', '以车辆档案为准', '不能低于 188,400 km']],
    ['the terminal is at or above the record', 188_412.3, 188_400, 188_412.3, ['车载终端上报里程 188,412.3 km', '车辆档案 188,400 km']],
    ['only the record is known', null, 188_400, 188_400, ['车辆档案里程 188,400 km', '不能低于']],
    ['only the terminal is known', 5_000, null, 5_000, ['车载终端上报里程 5,000 km']],
  ] as const)('when %s, then it starts from the figure the rule accepts and says so', (_l, terminal, record, km, says) => {
    const s = departOdometerStart(terminal, record);
    expect(s.km).toBe(km);
    for (const text of says) expect(s.hint).toContain(text);
    if (record != null) expect(s.km!).toBeGreaterThanOrEqual(record);
  });

  it('when neither is known, then there is no start and no hint', () => {
    expect(departOdometerStart(null, undefined)).toEqual({ km: null, hint: undefined });
  });
});
