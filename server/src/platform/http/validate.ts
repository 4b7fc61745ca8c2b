import { CommonErrorCode } from '@shared/common/errors';
import type { z } from 'zod';
import '@shared/common/zod-locale';
import { fieldLabel } from '@shared/common/field-labels';
import { ValidationError } from '../errors';

export interface FieldIssue { field: string; message: string }

interface LabelledIssue extends FieldIssue { label: string }

/**
 * Parses input with a shared schema; failures are a 400 whose message names the fields in Chinese
 * ("乘车人数：不能大于 200", from the label table in shared); details keep the paths (`body.passengers`).
 */
export function parseInput<T extends z.ZodType>(schema: T, data: unknown, where: 'body' | 'query' | 'params'): z.infer<T> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  throw validationErrorFrom(r.error, where);
}

export function validationErrorFrom(error: z.ZodError, where: string): ValidationError {
  const issues: LabelledIssue[] = [];
  for (const issue of error.issues) {
    const base = [where, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ field: `${base}.${key}`, label: fieldLabel([...issue.path, key]), message: '不允许的字段' });
    } else {
      issues.push({ field: base, label: fieldLabel(issue.path), message: issue.message });
    }
  }
  const summary = issues.slice(0, 3).map((i) => `${i.label}：${i.message}`).join('；');
  return new ValidationError(CommonErrorCode.VALIDATION_FAILED, `请求参数有误 — ${summary}`, issues.map(({ field, message }) => ({ field, message })));
}
