import { randomUUID } from 'node:crypto';
import { FeedReplyCode, feedSigningText, type FeedEnvelope, type FeedRecord, type FeedReply } from '@shared/feed/feed.wire';
import { postJson } from '../../platform/http/http-client';
import { hmacSm3Hex } from '../../platform/crypto/sm3-hmac';
import { UpstreamError } from '../../platform/errors';

/** What the upstream made of each record: taken (new or already held) or refused for good. */
export interface SentBatch { refused: Array<{ key: string; reason: string }> }

/** The supervision platform's receiving interface (an outside system; its fake is in server/src/fakes). */
export interface SupervisionUpstream {
  send(records: FeedRecord[]): Promise<SentBatch>;
}

/**
 * Records to the supervision platform as one signed envelope per POST (shared/src/feed/feed.wire.ts).
 * A transport error, a timeout, a non-2xx status or an envelope code other than 0000 throws (the batch is
 * tried again); a record answered 1001 is refused for good; 0000 and 0001 (held already) are taken.
 */
export class HttpSupervisionUpstream implements SupervisionUpstream {
  constructor(private readonly url: string, private readonly appId: string, private readonly keyHex: string, private readonly timeoutMs: number) {}

  async send(records: FeedRecord[]): Promise<SentBatch> {
    const unsigned = { appId: this.appId, timestamp: new Date().toISOString(), nonce: randomUUID(), data: JSON.stringify(records) };
    const envelope: FeedEnvelope = { ...unsigned, signMethod: 'HMAC-SM3', sign: hmacSm3Hex(this.keyHex, feedSigningText(unsigned)) };
    let reply;
    try {
      reply = await postJson(this.url, envelope, this.timeoutMs);
    } catch (err) {
      throw new UpstreamError('FEED_UPSTREAM_FAILED', `监管平台无法连接：${err instanceof Error ? err.message : String(err)}`);
    }
    const body = reply.body as FeedReply | null;
    if (reply.status < 200 || reply.status >= 300 || body?.code !== FeedReplyCode.OK) {
      throw new UpstreamError('FEED_UPSTREAM_FAILED', `监管平台拒收（HTTP ${reply.status}，${body?.code ?? '无应答码'} ${body?.msg ?? ''}）`.trim());
    }
    const results = body.results ?? [];
    const odd = results.find((r) => r.code !== FeedReplyCode.OK && r.code !== FeedReplyCode.DUPLICATE && r.code !== FeedReplyCode.RECORD_INVALID);
    if (odd) throw new UpstreamError('FEED_UPSTREAM_FAILED', `监管平台未接收记录 ${odd.key}（${odd.code} ${odd.msg}）`);
    return { refused: results.filter((r) => r.code === FeedReplyCode.RECORD_INVALID).map((r) => ({ key: r.key, reason: `${r.code} ${r.msg}` })) };
  }
}
