import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planRun } from "../../src/engine/plan.ts";
import { runShard } from "../../src/engine/run-shard.ts";
import type { ShardSummary } from "../../src/engine/shard-task.ts";
import { decodeSummaries, decodeSummaryBytes, encodeSummaries, summaryBytes } from "../../src/engine/summary-codec.ts";
import { summaryFingerprint } from "../../src/engine/summary-fingerprint.ts";
import { McxError, McxErrorCode } from "../../src/errors.ts";
import { resolveSpec } from "../../src/spec/resolve.ts";

/** Bit for bit: the doubles of two encodings (−0, NaN payloads and the last digit count). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function expectRoundTrip(summaries: ShardSummary[], strict = true): void {
  const encoded = encodeSummaries(summaries);
  const decoded = decodeSummaries(encoded);
  // Same keys in the same order, same values (Object.is: −0 stays −0), null extremes stay null. (fast-check's
  // generated objects are not plain enough for toStrictEqual; their text, bits and fingerprints are compared.)
  if (strict) expect(decoded).toStrictEqual(summaries);
  expect(JSON.stringify(decoded)).toBe(JSON.stringify(summaries));
  expect(sameBits(encodeSummaries(decoded), encoded)).toBe(true);
  decoded.forEach((d, i) => {
    expect(summaryFingerprint(d)).toBe(summaryFingerprint(summaries[i]!));
  });
}

/** The summaries of the first shards of a real run (a run of `raw`, three blocks per shard). */
function realSummaries(raw: Record<string, unknown>, shards: number): ShardSummary[] {
  const spec = resolveSpec(raw);
  const plan = planRun("codec-test", spec, 3 * spec.blockTrials);
  return Array.from({ length: Math.min(shards, plan.shardCount) }, (_, s) => runShard(plan.shardTask(s)));
}

describe("binary summary codec", () => {
  it("round-trips real rendezvous summaries exactly (sketches, thresholds, ±∞ counts, aligned batches)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom(1e-9, 1, 1000, 1e9),
        (seed, nCpu, blockTrials, rate) => {
          const raw = {
            name: "codec",
            simulation: "rendezvous",
            seed,
            trials: blockTrials * 9,
            blockTrials,
            params: { nCpu, rate },
            thresholds: { pause: [0, 0.001, 0.004, Number.MAX_VALUE] },
          };
          expectRoundTrip(realSummaries(raw, 3));
        },
      ),
      { numRuns: 40, seed: 14 },
    );
  });

  it("round-trips real livepatch summaries exactly (five models, pairs)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const raw = {
          name: "codec-livepatch",
          simulation: "livepatch",
          seed,
          trials: 4,
          blockTrials: 1,
          params: { workload: "reduced", nUser: 50, nKthread: 0, idleTasks: false },
        };
        expectRoundTrip(realSummaries(raw, 2));
      }),
      { numRuns: 4, seed: 14 },
    );
  });

  it("round-trips any summary-shaped value: −0, subnormals, extremes, null min/max, empty and long lists", () => {
    const double = fc.double({ noNaN: true, noDefaultInfinity: true });
    const count = fc.nat({ max: 2 ** 40 });
    const bins = fc.array(fc.tuple(fc.integer({ min: -5000, max: 5000 }), fc.integer({ min: 1, max: 2 ** 40 })), {
      maxLength: 6,
    });
    const slot = fc.record({
      nonFinite: count,
      posInf: count,
      negInf: count,
      min: fc.option(double, { nil: null }),
      max: fc.option(double, { nil: null }),
      sketch: fc.record({ alpha: fc.double({ min: 1e-6, max: 0.5, noNaN: true }), zero: count, pos: bins, neg: bins }),
      exceed: fc.array(count, { maxLength: 4 }),
    });
    const summary = fc.record({
      runId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/),
      shard: count,
      point: count,
      blockStart: count,
      blockEnd: count,
      trials: count,
      events: count,
      blocks: fc.array(double, { maxLength: 40 }),
      exact: fc.record({
        continuous: fc.array(slot, { maxLength: 5 }),
        pairsSkipped: fc.array(count, { maxLength: 4 }),
      }),
    });
    fc.assert(
      fc.property(fc.array(summary, { maxLength: 4 }), (summaries) => {
        expectRoundTrip(summaries as ShardSummary[], false);
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  it("rejects a buffer that is not an encoding as MCX_MESSAGE_INVALID, never reading past its end", () => {
    const [good] = realSummaries(
      { name: "c", simulation: "rendezvous", seed: 1, trials: 30, blockTrials: 10, params: { nCpu: 4 } },
      1,
    );
    const encoded = encodeSummaries([good!]);
    const bad: Float64Array[] = [
      new Float64Array(0),
      new Float64Array([1, 1]), // wrong tag
      encoded.subarray(0, encoded.length - 1), // cut short
      Float64Array.of(...encoded, 0), // a double left over
      (() => {
        const e = encoded.slice();
        e[1] = 1e12; // a count beyond the buffer
        return e;
      })(),
      (() => {
        const e = encoded.slice();
        e[2] = 2.5; // a run id length that is not an integer
        return e;
      })(),
      (() => {
        const e = encoded.slice();
        e[2] = 129; // a run id longer than any valid one
        return e;
      })(),
    ];
    for (const data of bad) {
      let thrown: unknown;
      try {
        decodeSummaries(data);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(McxError);
      expect((thrown as McxError).code).toBe(McxErrorCode.MESSAGE_INVALID);
    }
    // Random corruption of a real encoding: an McxError or summaries, never another exception.
    fc.assert(
      fc.property(fc.nat({ max: encoded.length - 1 }), fc.double(), (at, value) => {
        const e = encoded.slice();
        e[at] = value;
        try {
          decodeSummaries(e);
        } catch (err) {
          expect(err).toBeInstanceOf(McxError);
        }
      }),
      { numRuns: 500, seed: 14 },
    );
  });

  it("as bytes for the wire: little-endian doubles, read back from any offset of a network buffer", () => {
    const summaries = realSummaries(
      { name: "c", simulation: "rendezvous", seed: 2, trials: 60, blockTrials: 10, params: { nCpu: 4 } },
      2,
    );
    const encoded = encodeSummaries(summaries);
    const bytes = summaryBytes(encoded);
    expect(bytes.byteLength).toBe(encoded.byteLength);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(Array.from({ length: encoded.length }, (_, i) => view.getFloat64(8 * i, true))).toEqual([...encoded]);
    for (const offset of [0, 1, 3, 8]) {
      const buffer = new Uint8Array(bytes.byteLength + offset + 5);
      buffer.set(bytes, offset);
      expect(decodeSummaryBytes(buffer.subarray(offset, offset + bytes.byteLength))).toStrictEqual(summaries);
    }
    let thrown: unknown;
    try {
      decodeSummaryBytes(bytes.subarray(0, bytes.byteLength - 4));
    } catch (e) {
      thrown = e;
    }
    expect((thrown as McxError).code).toBe(McxErrorCode.MESSAGE_INVALID);
  });
});
