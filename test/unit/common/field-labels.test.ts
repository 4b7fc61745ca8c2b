import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import '@shared/common/zod-locale';
import { fieldLabel, fieldLabels } from '@shared/common/field-labels';
import { validationErrorFrom } from '../../../server/src/platform/http/validate';

/**
 * The server's 400 names fields in Chinese ("请求参数有误 — 乘车人数：不能大于 200"), so a toast never
 * shows "body.passengers": every field of every input schema in shared/src (a strict object) has a label.
 */
const sharedRoot = path.resolve(__dirname, '../../../shared/src');
const schemaFiles = fs.readdirSync(sharedRoot, { recursive: true }).map(String).filter((f) => f.endsWith('.schemas.ts'));

function inputFields(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (s: unknown, where: string): void => {
    if (!(s instanceof z.ZodType)) return;
    const def = s._zod.def as unknown as Record<string, unknown>;
    if (s instanceof z.ZodObject) {
      if (!(def.catchall instanceof z.ZodNever)) return; // a reply's shape, not an input
      for (const [key, value] of Object.entries(s.shape)) {
        out.push([where, key]);
        walk(value, where);
      }
    } else if (s instanceof z.ZodArray) walk(s.element, where);
    else for (const k of ['innerType', 'in', 'left', 'right', 'schema']) walk(def[k], where);
    if (Array.isArray(def.options)) for (const o of def.options) walk(o, where);
  };
  for (const file of schemaFiles) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const [name, value] of Object.entries(require(path.join(sharedRoot, file)) as Record<string, unknown>)) walk(value, `${file}#${name}`);
  }
  return out;
}

describe('field labels for the server\'s 400', () => {
  it('when the input schemas are read, then every field has a Chinese label', () => {
    const fields = inputFields();
    expect(fields.length).toBeGreaterThan(50);
    expect(fields.filter(([, key]) => !/^[\u4e00-\u9fff][\u4e00-\u9fff/·]*$/.test(fieldLabels[key] ?? '')).map(([w, k]) => `${w}.${k}`)).toEqual([]);
  });

  it('when a path has an index, then the label counts from 1', () => {
    expect(fieldLabel(['destinations', 1, 'name'])).toBe('目的地第 2 项·名称');
    expect(fieldLabel(['passengers'])).toBe('乘车人数');
  });

  it('when a 400 is built from a zod error, then its message names fields in Chinese and details keep the paths', () => {
    const schema = z.strictObject({ passengers: z.number().max(200), destinations: z.array(z.strictObject({ name: z.string().min(1) })) });
    const r = schema.safeParse({ passengers: 250, destinations: [{ name: '' }] });
    expect(r.success).toBe(false);
    const e = validationErrorFrom(r.error!, 'body');
    expect(e.message).toBe('请求参数有误 — 乘车人数：不能大于 200；目的地第 1 项·名称：必填');
    expect(e.message).not.toMatch(/[A-Za-z]/);
    expect((e.details as Array<{ field: string }>).map((d) => d.field)).toEqual(['body.passengers', 'body.destinations.0.name']);
  });
});
