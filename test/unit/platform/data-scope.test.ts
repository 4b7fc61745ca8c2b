import { Actor, inScope, regionPrefix, scopeOf } from '../../../server/src/platform/data-scope';

const actor = (over: Partial<Actor>): Actor => ({ userId: 1, unitId: 10, regionCode: '130000', regionLevel: 'province', roles: ['applicant'], ...over });

describe('data scope', () => {
  it.each([
    ['130000', 'province', '13'], ['130100', 'city', '1301'], ['130102', 'county', '130102'], ['130102001', 'township', '130102001'],
  ] as const)('when the region is %s (%s), then the prefix is %s', (code, level, prefix) => {
    expect(regionPrefix(code, level)).toBe(prefix);
  });

  const cases: Array<[string, Actor, { unitId?: number; regionCode?: string; companyId?: number }, boolean]> = [
    ['city supervisor sees a township below', actor({ roles: ['supervisor'], regionCode: '130100', regionLevel: 'city' }), { regionCode: '130102001' }, true],
    ['city supervisor does not see a sibling city', actor({ roles: ['supervisor'], regionCode: '130100', regionLevel: 'city' }), { regionCode: '130602' }, false],
    ['city supervisor does not see the province level', actor({ roles: ['supervisor'], regionCode: '130100', regionLevel: 'city' }), { regionCode: '130000' }, false],
    ['county supervisor does not see a sibling county', actor({ roles: ['supervisor'], regionCode: '130102', regionLevel: 'county' }), { regionCode: '130104001' }, false],
    ['unit user sees own unit', actor({ unitId: 10 }), { unitId: 10, regionCode: '130000' }, true],
    ['unit user does not see another unit in the same region', actor({ unitId: 10 }), { unitId: 11, regionCode: '130000' }, false],
    ['rental operator sees orders addressed to the company', actor({ roles: ['rental_operator'], unitId: 20 }), { unitId: 10, companyId: 20 }, true],
    ['rental operator does not see other units’ records', actor({ roles: ['rental_operator'], unitId: 20 }), { unitId: 10, regionCode: '130100' }, false],
    ['platform admin sees everything', actor({ roles: ['platform_admin'] }), { unitId: 99, regionCode: '130602002' }, true],
  ];
  it.each(cases)('when %s, then inScope is as expected', (_t, a, rec, expected) => {
    expect(inScope(scopeOf(a), rec)).toBe(expected);
  });
});
