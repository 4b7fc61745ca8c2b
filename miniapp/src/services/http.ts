import Taro from '@tarojs/taro';
import type { z } from 'zod';
import { errorEnvelopeSchema } from '@shared/common/errors';
import { clearSession, getToken, goToLogin } from './session.store';

/**
 * The one HTTP client of the mini-program (STYLE.md: no Taro.request in pages). Every reply is
 * parsed with a shared zod schema; every failure becomes an ApiError whose message can be shown
 * to the user as it is (the server's own Chinese message when the server answered).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** True when our server answered with its error envelope (not a network or proxy failure). */
    readonly fromServer: boolean,
    readonly requestId?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
    Object.setPrototypeOf(this, ApiError.prototype);
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Do not toast the error: the caller shows it in the page (e.g. an ErrorBlock). */
  silent?: boolean;
}

const TIMEOUT_MS = 15000;
/** A photo over a slow mobile link takes longer than a JSON call. */
const UPLOAD_TIMEOUT_MS = 60_000;
const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试';
const BAD_RESPONSE_MESSAGE = '服务器返回的数据有误，请稍后重试';

export function toQueryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return text ?? undefined;
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function showError(error: unknown): void {
  const message = error instanceof Error ? error.message : NETWORK_MESSAGE;
  void Taro.showToast({ title: message, icon: 'none', duration: 2500 });
}

/** Turns a non-2xx reply into an ApiError; the envelope's message is the server's, in Chinese. */
export function toApiError(status: number, body: unknown): ApiError {
  const envelope = errorEnvelopeSchema.safeParse(body);
  if (envelope.success) {
    const { code, message, details } = envelope.data.error;
    return new ApiError(status, code, message, true, envelope.data.requestId, details);
  }
  return new ApiError(status, `HTTP_${status}`, `服务暂时不可用（${status}），请稍后重试`, false);
}

async function send(method: Method, path: string, options: RequestOptions): Promise<unknown> {
  const json = options.body === undefined ? undefined : { data: JSON.stringify(options.body), type: 'application/json' };
  return exchange(method, `${path}${toQueryString(options.query)}`, json, TIMEOUT_MS);
}

/**
 * One request with the session's token; the reply as parsed JSON. A 401 ends the session; any
 * other non-2xx becomes an ApiError carrying the server's message.
 */
async function exchange(method: Method, pathAndQuery: string, payload: { data: string | ArrayBuffer; type: string } | undefined, timeout: number): Promise<unknown> {
  const header: Record<string, string> = { Accept: 'application/json' };
  const token = getToken();
  if (token) header.Authorization = `Bearer ${token}`;
  if (payload) header['Content-Type'] = payload.type;

  let status: number;
  let body: unknown;
  try {
    // dataType 'text': both ends hand back the raw text, so one JSON.parse decides what it is.
    const res = await Taro.request<string>({
      url: `${API_BASE}${pathAndQuery}`, method, header, data: payload?.data, dataType: 'text', responseType: 'text', timeout,
    });
    status = res.statusCode;
    body = parseJson(res.data);
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', NETWORK_MESSAGE, false);
  }

  if (status === 401) {
    clearSession();
    goToLogin();
  }
  if (status < 200 || status >= 300) throw toApiError(status, body);
  return body;
}

/** The reply as `schema` says it is; anything else is an error shown as such. */
function parseReply<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(200, 'BAD_RESPONSE', BAD_RESPONSE_MESSAGE, false);
  return parsed.data;
}

async function run<T>(work: () => Promise<T>, silent: boolean | undefined): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!silent) showError(error);
    throw error;
  }
}

/** Sends a request and parses the reply with `schema`; a reply that does not match is an error. */
export function request<S extends z.ZodType>(
  method: Method, path: string, schema: S, options: RequestOptions = {},
): Promise<z.output<S>> {
  return run(async () => parseReply(schema, await send(method, path, options)), options.silent);
}

/** For replies without a body (204). */
export function requestNoContent(method: Method, path: string, options: RequestOptions = {}): Promise<void> {
  return run(async () => {
    await send(method, path, options);
  }, options.silent);
}

/** What a photo is sent as: the bytes and their type (from the file, not guessed by the server). */
async function readImage(filePath: string): Promise<{ bytes: ArrayBuffer; type: string }> {
  const guess = /\.png$/i.test(filePath) ? 'image/png' : /\.webp$/i.test(filePath) ? 'image/webp' : 'image/jpeg';
  if (process.env.TARO_ENV === 'h5') {
    // H5: chooseImage hands back a blob: URL.
    const blob = await (await fetch(filePath)).blob();
    return { bytes: await blob.arrayBuffer(), type: blob.type || guess };
  }
  const bytes = await new Promise<ArrayBuffer>((resolve, reject) => {
    Taro.getFileSystemManager().readFile({ filePath, success: (r) => resolve(r.data as ArrayBuffer), fail: reject });
  });
  return { bytes, type: guess };
}

/**
 * Uploads a photo as the raw request body (Content-Type: image/…), the shape the server's upload
 * routes take on both ends, and parses the reply with `schema`.
 */
export function uploadImage<S extends z.ZodType>(path: string, query: Record<string, QueryValue>, filePath: string, schema: S): Promise<z.output<S>> {
  return run(async () => {
    const { bytes, type } = await readImage(filePath).catch(() => {
      throw new ApiError(0, 'FILE_UNREADABLE', '无法读取所选照片，请重新选择', false);
    });
    return parseReply(schema, await exchange('POST', `${path}${toQueryString(query)}`, { data: bytes, type }, UPLOAD_TIMEOUT_MS));
  }, false);
}

/** An absolute URL for a path the server signs (images in <Image src>). */
export const absoluteUrl = (path: string): string => `${API_BASE}${path}`;

export const http = {
  get: <S extends z.ZodType>(path: string, schema: S, options?: Omit<RequestOptions, 'body'>) =>
    request('GET', path, schema, options),
  post: <S extends z.ZodType>(path: string, body: unknown, schema: S, options?: RequestOptions) =>
    request('POST', path, schema, { ...options, body }),
  put: <S extends z.ZodType>(path: string, body: unknown, schema: S, options?: RequestOptions) =>
    request('PUT', path, schema, { ...options, body }),
  patch: <S extends z.ZodType>(path: string, body: unknown, schema: S, options?: RequestOptions) =>
    request('PATCH', path, schema, { ...options, body }),
  delete: <S extends z.ZodType>(path: string, schema: S, options?: RequestOptions) =>
    request('DELETE', path, schema, options),
};
