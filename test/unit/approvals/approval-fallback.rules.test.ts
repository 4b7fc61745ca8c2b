import { parentRegionCode } from '../../../server/src/modules/approvals/approvals.rules';
import { loadApprovalSettings } from '../../../server/src/modules/approvals/approvals.config';

describe('approval fallback: regions above and the policy setting', () => {
  it.each([
    ['130102001', '130102'], // township → county
    ['130102', '130100'], // county → city
    ['130100', '130000'], // city → province
    ['130000', null], // nothing above the province
    ['13', null], // not a GB/T 2260 code
  ])('when the region is %s, then the one above is %s', (code, above) => {
    expect(parentRegionCode(code)).toBe(above);
  });

  it.each([
    [{}, ['parent_unit', 'region_office'], ['approver', 'supervisor']],
    [{ APPROVAL_FALLBACK: 'region_office' }, ['region_office'], ['approver', 'supervisor']],
    [{ APPROVAL_FALLBACK: 'none', APPROVAL_OFFICE_ROLES: 'supervisor' }, [], ['supervisor']],
    [{ APPROVAL_FALLBACK: ' region_office , parent_unit ' }, ['region_office', 'parent_unit'], ['approver', 'supervisor']],
  ])('when the environment is %j, then the steps are %j and the office roles %j', (env, fallback, officeRoles) => {
    expect(loadApprovalSettings(env)).toEqual({ fallback, officeRoles });
  });

  it('when a step or role is unknown, then loading the settings fails naming the variable, in Chinese', () => {
    expect(() => loadApprovalSettings({ APPROVAL_FALLBACK: 'parent_unit,leader' })).toThrow(/APPROVAL_FALLBACK[\s\S]*leader/);
    expect(() => loadApprovalSettings({ APPROVAL_OFFICE_ROLES: 'boss' })).toThrow(/不认识：boss/);
  });
});
