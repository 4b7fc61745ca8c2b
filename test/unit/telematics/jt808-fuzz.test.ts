import fc from 'fast-check';
import {
  decodeBody, decodePacket, FrameSplitter, Jt808DecodeError, Reassembler,
} from '../../../server/src/modules/telematics/jt808';
import { remutate, seedFrames } from './fuzz-frames';

/** Decodes like the gateway does; only Jt808DecodeError/RangeError may come out. */
function decodeAll(splitter: FrameSplitter, r: Reassembler, chunk: Buffer): void {
  for (const f of splitter.push(chunk)) {
    try {
      const p = decodePacket(f);
      const whole = r.add(p.header, p.body, 0);
      if (whole) decodeBody(p.header.msgId, whole.body, p.header.edition);
    } catch (err) {
      if (!(err instanceof Jt808DecodeError || err instanceof RangeError)) throw err;
    }
  }
}

describe('JT/T 808 decoder under random and mutated input', () => {
  const seeds = seedFrames();
  const splitter = new FrameSplitter();
  const reassembler = new Reassembler();

  it('when 50,000 random byte strings are decoded, then only decode errors come out', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => decodeAll(splitter, reassembler, Buffer.from(bytes))), { numRuns: 50_000 });
  });

  it('when 50,000 mutated frames (raw and with a fixed checksum) are decoded, then only decode errors come out', () => {
    const arb = fc.tuple(
      fc.nat(seeds.length - 1), fc.array(fc.tuple(fc.nat(2000), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
      fc.nat(), fc.boolean(),
    );
    fc.assert(fc.property(arb, ([i, edits, cut, fixSum]) => {
      const seed = seeds[i];
      let frame: Buffer;
      if (fixSum) frame = remutate(seed, edits, cut);
      else {
        frame = Buffer.from(seed);
        for (const [pos, val] of edits) frame[pos % frame.length] = val;
      }
      decodeAll(splitter, reassembler, frame);
    }), { numRuns: 50_000 });
    expect(reassembler.size).toBeLessThanOrEqual(4);
  });
});
