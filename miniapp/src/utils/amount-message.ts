/**
 * What an amount field (元) says when the shared schema refuses it: too big is said as such (a valid
 * "99999999999" is not "最多两位小数"); anything else asks for an amount in yuan.
 */
export function amountMessage(issue: { code: string }): string {
  if (issue.code === 'too_big') return '金额不超过 100 万元';
  return '请填写金额（元，最多两位小数）';
}
