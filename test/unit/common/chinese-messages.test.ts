import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { z } from 'zod';
import '@shared/common/zod-locale';

/**
 * Every message a form or the API can show for bad input is Simplified Chinese: each zod object
 * schema exported by shared/src (the single source of forms and routes) is fed random values for its
 * own fields, and every issue's message must be Chinese with no English word in it.
 */
const sharedRoot = path.resolve(__dirname, '../../../shared/src');
const schemaFiles = fs.readdirSync(sharedRoot, { recursive: true }).map(String).filter((f) => f.endsWith('.schemas.ts'));

function objectSchemas(): Array<[string, z.ZodObject]> {
  const out: Array<[string, z.ZodObject]> = [];
  for (const file of schemaFiles) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(sharedRoot, file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (value instanceof z.ZodObject) out.push([`${file}#${name}`, value]);
  }
  return out;
}

const englishWord = /[A-Za-z]{3,}/;
const chinese = /[\u4e00-\u9fff]/;
const anyValue = fc.oneof(
  fc.constant(undefined), fc.constant(null), fc.constant(''), fc.constant(Number.NaN), fc.integer(), fc.double(), fc.boolean(),
  fc.string({ maxLength: 400 }), fc.constant('x'.repeat(5000)), fc.array(fc.string(), { maxLength: 30 }), fc.dictionary(fc.string(), fc.integer()),
  fc.constantFrom(1e15, -1, 0, 2.5, '2026-13-45T99:00:00Z', '1', 'true'),
);

describe('messages for bad input are Chinese', () => {
  const schemas = objectSchemas();

  it('finds the shared input schemas', () => {
    expect(schemas.length).toBeGreaterThan(20);
  });

  it.each(schemas)('when %s is given random values for its fields, then every message is Chinese', (_name, schema) => {
    const keys = Object.keys(schema.shape);
    fc.assert(fc.property(fc.dictionary(fc.constantFrom(...keys, 'unknownField'), anyValue, { maxKeys: keys.length + 1 }), (input) => {
      const r = schema.safeParse(input);
      if (r.success) return true;
      for (const issue of r.error.issues) {
        // An unknown field is named as it was sent; the rest of the message must still be Chinese.
        const text = issue.code === 'unrecognized_keys' ? [...issue.keys].sort((a, b) => b.length - a.length).reduce((m, k) => m.split(k).join(''), issue.message) : issue.message;
        if (!chinese.test(text) || englishWord.test(text)) {
          throw new Error(`${issue.path.join('.')}: "${issue.message}" (${issue.code})`);
        }
      }
      return true;
    }), { numRuns: 60, seed: 20261204 });
  });
});
