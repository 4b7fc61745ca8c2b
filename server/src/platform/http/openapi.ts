import { z } from 'zod';
import { wireStatus, type ApiRouter } from './api-router';
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

/** A file body (OpenAPI 3.1: raw bytes of the media type). */
const BINARY: Json = { type: 'string', contentMediaType: 'application/octet-stream', format: 'binary' };

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
      // The status the router answers with (wireStatus): 204 carries no body, a file is described as bytes.
      const status = wireStatus(r);
      const success: Json = status === 204
        ? { description: '无内容' }
        : r.response
          ? { description: 'OK', content: { 'application/json': { schema: schemaOf(r.response, 'output') } } }
          : { description: '文件', content: Object.fromEntries((r.produces ?? ['application/octet-stream']).map((t) => [t, { schema: BINARY }])) };
      const op: Json = {
        summary: r.summary,
        tags: [r.tag],
        parameters,
        security: r.auth === false ? [] : [{ bearer: [] }],
        responses: {
          [String(status)]: success,
          default: { description: '错误', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } } },
        },
      };
      if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input') } } };
      else if (r.upload) op.requestBody = { required: true, description: '请求体为文件本身（不是 JSON，也不是 multipart）', content: Object.fromEntries(r.upload.map((t) => [t, { schema: BINARY }])) };
      else if (r.rawBody) op.requestBody = { required: true, description: r.rawBody, content: { 'application/json': { schema: { type: 'object' } } } };
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
