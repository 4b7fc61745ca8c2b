import { z } from 'zod';
import type { ApiRouter } from './api-router';
import { errorEnvelopeSchema } from '@shared/common/errors';

type Json = Record<string, unknown>;

function schemaOf(s: z.ZodType, io: 'input' | 'output'): Json {
  try {
    const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
    return rest;
  } catch {
    return {};
  }
}

/** OpenAPI 3.1 generated from the routes' own zod schemas. */
export function buildOpenApi(routers: ApiRouter[], info: { title: string; version: string }): Json {
  const paths: Record<string, Json> = {};
  for (const router of routers) {
    for (const r of router.routes) {
      const path = r.path.replace(/:([A-Za-z_]+)/g, '{$1}');
      const parameters: Json[] = [];
      for (const [where, s] of [['path', r.params], ['query', r.query]] as const) {
        if (!s) continue;
        const js = schemaOf(s, 'input') as { properties?: Record<string, Json>; required?: string[] };
        for (const [name, prop] of Object.entries(js.properties ?? {})) {
          parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: prop });
        }
      }
      const op: Json = {
        summary: r.summary,
        tags: [r.tag],
        parameters,
        security: r.auth === false ? [] : [{ bearer: [] }],
        responses: {
          [String(r.status ?? 200)]: r.response
            ? { description: 'OK', content: { 'application/json': { schema: schemaOf(r.response, 'output') } } }
            : { description: 'OK' },
          default: { description: '错误', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } } },
        },
      };
      if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input') } } };
      paths[path] = { ...(paths[path] ?? {}), [r.method]: op };
    }
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { ErrorEnvelope: schemaOf(errorEnvelopeSchema, 'output') },
    },
  };
}
