import { encodeSummaries, planRun, resolveSpec, runShard, summaryBytes, summaryFingerprint } from "@mcx/core";
import {
  SHARD_ATTEMPT_HEADER,
  SHARD_ENCODING_HEADER,
  SHARD_FINGERPRINT_HEADER,
  SUMMARY_ENCODING_BINARY,
} from "@mcx/protocol";
import type { JetStreamClient, JsMsg } from "@nats-io/jetstream";
import { headers } from "@nats-io/transport-node";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createRejections } from "../../src/rejections.ts";
import { createShardBus, type ShardMessage } from "../../src/stream/shard-bus.ts";

const plan = planRun(
  "r-1",
  resolveSpec({ name: "t", simulation: "rendezvous", seed: 5, trials: 600, blockTrials: 100, params: { nCpu: 4 } }),
  200,
);
const summary = runShard(plan.shardTask(1));
const binary = summaryBytes(encodeSummaries([summary]));
const fingerprint = summaryFingerprint(summary);
const text = new TextEncoder();
const binaryHeaders = { [SHARD_ENCODING_HEADER]: SUMMARY_ENCODING_BINARY, [SHARD_FINGERPRINT_HEADER]: fingerprint };

/** A message of run r-1's summary subject as the consumer hands it over (with real NATS headers). */
function msg(seq: number, data: Uint8Array, hdrs?: Record<string, string>): JsMsg {
  let h: ReturnType<typeof headers> | undefined;
  if (hdrs !== undefined) {
    h = headers();
    for (const [k, v] of Object.entries(hdrs)) h.set(k, v);
  }
  return { subject: "mcx.shard.r-1.summary", data, seq, headers: h } as unknown as JsMsg;
}

/** `bytes` at an odd place in a larger buffer, as a network buffer may hold them. */
function misaligned(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.byteLength + 3).subarray(3);
  out.set(bytes);
  return out;
}

/** Feeds `messages` through the live feed of a bus over a fake JetStream; what run r-1's handler got, and counts. */
async function feed(messages: JsMsg[]) {
  const js = {
    consumers: {
      get: async () => ({
        // The live feed consumes with a callback: the fake hands it every message, then is closed.
        consume: async (options: { callback: (m: JsMsg) => void }) => {
          for (const m of messages) options.callback(m);
          return { close: async () => {}, closed: async () => {} };
        },
      }),
    },
  } as unknown as JetStreamClient;
  const rejections = createRejections();
  const bus = createShardBus({ js, logger: pino({ level: "silent" }), rejections });
  const got: ShardMessage[] = [];
  bus.register("r-1", (m) => got.push(m));
  await bus.start();
  await bus.close();
  return { got, stats: bus.stats(), reasons: rejections.byReason() };
}

describe("shard bus decoding", () => {
  it("decodes a binary summary without JSON, with the worker's fingerprint and attempt, aligned or not", async () => {
    const { got, stats } = await feed([
      msg(1, binary, { ...binaryHeaders, [SHARD_ATTEMPT_HEADER]: "2" }),
      msg(2, misaligned(binary), binaryHeaders),
    ]);
    expect(stats.rejected).toBe(0);
    expect(got).toStrictEqual([
      { runId: "r-1", kind: "summary", body: summary, seq: 1, attempt: 2, fingerprint },
      { runId: "r-1", kind: "summary", body: summary, seq: 2, fingerprint },
    ]);
  });

  it("decodes a JSON summary without headers as before (older workers, tests): no fingerprint, the merger's job", async () => {
    const { got, stats } = await feed([msg(1, text.encode(JSON.stringify(summary)))]);
    expect(stats.rejected).toBe(0);
    expect(got).toStrictEqual([{ runId: "r-1", kind: "summary", body: JSON.parse(JSON.stringify(summary)), seq: 1 }]);
  });

  it("rejects and counts a malformed binary body, and goes on with the next message", async () => {
    const garbage = new Float64Array(binary.byteLength / 8).fill(7);
    const bad = [
      binary.subarray(0, binary.byteLength - 8), // cut short
      binary.subarray(0, binary.byteLength - 3), // not whole doubles
      new Uint8Array(garbage.buffer), // no tag
      summaryBytes(encodeSummaries([summary, summary])), // two summaries in one message
      summaryBytes(encodeSummaries([])),
      text.encode(JSON.stringify(summary)), // JSON that says it is binary
    ];
    const { got, stats, reasons } = await feed([
      ...bad.map((b, i) => msg(i + 1, b, binaryHeaders)),
      msg(9, binary, binaryHeaders),
    ]);
    expect(reasons).toEqual({ "stream: bad binary summary": bad.length });
    expect(stats.rejected).toBe(bad.length);
    expect(got.map((m) => m.seq)).toEqual([9]);
  });

  it("rejects a fingerprint header that is not 16 lowercase hex digits, and an encoding it does not know", async () => {
    const fingerprints = [
      fingerprint.toUpperCase(),
      fingerprint.slice(1),
      `${fingerprint}0`,
      "zz".repeat(8),
      `-${fingerprint.slice(1)}`,
    ];
    const { got, reasons } = await feed([
      ...fingerprints.map((f, i) => msg(i + 1, binary, { ...binaryHeaders, [SHARD_FINGERPRINT_HEADER]: f })),
      msg(7, binary, { ...binaryHeaders, [SHARD_ENCODING_HEADER]: "mcx-summary-f64le-2" }),
      msg(8, text.encode("{}"), { [SHARD_ENCODING_HEADER]: "gzip" }),
      msg(9, text.encode("{nope"), {}),
    ]);
    expect(reasons).toEqual({
      "stream: bad fingerprint": fingerprints.length,
      "stream: unknown encoding": 2,
      "stream: not JSON": 1,
    });
    expect(got).toEqual([]);
  });
});
