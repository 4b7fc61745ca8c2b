import http from 'node:http';
import https from 'node:https';

/**
 * JSON over HTTP(S) to outside services on the request path (WeChat subscribe messages): node:http with
 * keep-alive agents, so a call reuses a connection instead of opening one, and costs far less CPU than
 * fetch() (undici, web streams and an AbortSignal timer per call: ~3× the CPU per call, measured).
 */
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 32, maxFreeSockets: 8 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 32, maxFreeSockets: 8 }),
};

export interface JsonReply { status: number; body: unknown }

/** POSTs `payload` as JSON; resolves with the status and the parsed reply (null when not JSON); rejects on network errors and after `timeoutMs`. */
export async function postJson(url: string, payload: unknown, timeoutMs: number): Promise<JsonReply> {
  const target = new URL(url);
  const agent = agents[target.protocol as keyof typeof agents];
  if (!agent) throw new Error(`unsupported protocol ${target.protocol}`);
  const data = Buffer.from(JSON.stringify(payload));
  try {
    return await post(target, agent, data, timeoutMs);
  } catch (err) {
    // A kept-alive connection the server closed just as it was reused: the request never reached it, send it once more.
    if ((err as { reusedSocket?: boolean }).reusedSocket && (err as { code?: string }).code === 'ECONNRESET') return post(target, agent, data, timeoutMs);
    throw err;
  }
}

/** GETs `url` (a map provider's search); resolves like postJson. */
export async function getJson(url: string, timeoutMs: number): Promise<JsonReply> {
  const target = new URL(url);
  const agent = agents[target.protocol as keyof typeof agents];
  if (!agent) throw new Error(`unsupported protocol ${target.protocol}`);
  return post(target, agent, null, timeoutMs);
}

function post(target: URL, agent: http.Agent, data: Buffer | null, timeoutMs: number): Promise<JsonReply> {
  const request = target.protocol === 'https:' ? https.request : http.request;
  return new Promise<JsonReply>((resolve, reject) => {
    const options = data ? { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': data.length } } : { method: 'GET', agent };
    const req = request(target, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          body = null;
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error(`timed out after ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs);
    function fail(err: Error): void {
      clearTimeout(timer);
      reject(Object.assign(err, { reusedSocket: req.reusedSocket }));
    }
    req.on('error', fail);
    if (data) req.end(data);
    else req.end();
  });
}
