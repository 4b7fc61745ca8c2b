import { z } from 'zod';

/**
 * Every message zod writes for a user is Simplified Chinese, on the server and in the mini-program
 * alike (imported once by each, for its effect). zod's own zh-CN locale still says "期望 string，实际接收
 * undefined" or "期望 number <=200", so the common cases are worded here as a form would say them
 * ("必填", "不能大于 200", "不超过 200 个字"); the locale answers the rest. A schema's own message
 * ("请填写地点名称") wins over both. The field is named by the form (the message sits under it) and by
 * the server's 400 (`body.passengers: 不能大于 200`).
 */
const typeName: Record<string, string> = {
  number: '数字', int: '整数', string: '文字', boolean: '是或否', array: '列表', object: '对象', date: '日期', bigint: '整数',
};

const unit = (origin: string | undefined): { more: string; less: string; count: (n: number | bigint) => string } => {
  if (origin === 'string') return { more: '不超过', less: '至少', count: (n) => `${n} 个字` };
  if (origin === 'array' || origin === 'set') return { more: '最多', less: '至少', count: (n) => `${n} 项` };
  return { more: '不能大于', less: '不能小于', count: (n) => `${n}` };
};

export function chineseMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || issue.input === '') return '必填';
      if (typeof issue.input === 'number' && Number.isNaN(issue.input)) return '请填写数字';
      return `应为${typeName[issue.expected] ?? '正确的格式'}`;
    case 'too_big': {
      const u = unit(issue.origin);
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return issue.inclusive === false ? `须小于 ${issue.maximum}` : `不能大于 ${issue.maximum}`;
      if (issue.origin === 'date') return '日期太晚';
      return `${u.more} ${u.count(issue.maximum as number)}`;
    }
    case 'too_small': {
      const u = unit(issue.origin);
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        if (issue.inclusive === false && Number(issue.minimum) === 0) return '须大于 0';
        return issue.inclusive === false ? `须大于 ${issue.minimum}` : `不能小于 ${issue.minimum}`;
      }
      if (issue.origin === 'date') return '日期太早';
      if (Number(issue.minimum) === 1) return issue.origin === 'string' ? '必填' : '至少选一项';
      return `${u.less} ${u.count(issue.minimum as number)}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? '取值不符' : '请从给定的选项中选择';
    case 'invalid_format':
      if (issue.format === 'datetime' || issue.format === 'date' || issue.format === 'time') return '时间格式有误';
      if (issue.format === 'regex') return '格式有误';
      return '格式有误';
    case 'not_multiple_of':
      return `须为 ${issue.divisor} 的倍数`;
    case 'unrecognized_keys':
      return `不允许的字段：${issue.keys.join('、')}`;
    case 'invalid_union':
      return '格式有误';
    case 'invalid_key':
    case 'invalid_element':
      return '内容有误';
    default:
      return undefined;
  }
}

z.config(z.locales.zhCN());
z.config({ customError: (issue) => chineseMessage(issue) });

export const zodLocale = 'zh-CN';
