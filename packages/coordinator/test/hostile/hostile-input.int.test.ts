import {
  ApiVerb,
  apiSubject,
  DeadLettersRequest,
  deadLetterSubject,
  ListRequest,
  QueuesRequest,
  ScheduleListRequest,
  SHARD_ENCODING_HEADER,
  SHARD_FINGERPRINT_HEADER,
  SUMMARY_ENCODING_BINARY,
  summarySubject,
} from "@mcx/protocol";
import { jetstream } from "@nats-io/jetstream";
import { connect, headers, type MsgHdrs, type NatsConnection } from "@nats-io/transport-node";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultCluster, settled, startFaultCluster, undisturbedDigest } from "../faults/fault-cluster.ts";
import { createLoopback } from "../faults/network.ts";
import { faultSpec } from "../faults/specs.ts";
import { testPasswords, waitFor } from "../helpers/cluster.ts";

// Hostile input against the real servers (property-based, fast-check with fixed seeds): random, truncated,
// oversized, wrongly typed and replayed messages on every API subject (as the `cli` user) and on the shard stream
// and heartbeats (as the `worker` user). Every one is answered or dropped, counted by its reason; the coordinator
// keeps serving; a finished run keeps its result and a waiting run its state, and that run, once a worker comes, ends
// with the digest of an undisturbed run.
const enabled = process.env["MCX_INTEGRATION"] === "1";
const TAG = "hostile";
const passwords = testPasswords(TAG);
const encoder = new TextEncoder();

/** Payloads that are not a valid request: bytes, broken JSON, JSON of any shape, big ones. */
const junk = fc.oneof(
  fc.uint8Array({ maxLength: 512 }),
  fc.string({ maxLength: 200 }).map((s) => encoder.encode(`{"runId":${s}`)),
  fc.anything({ maxDepth: 3 }).map((v) => encoder.encode(JSON.stringify(v) ?? "null")),
  fc
    .record({ runId: fc.oneof(fc.integer(), fc.string(), fc.constant(null)), offset: fc.anything() })
    .map((v) => encoder.encode(JSON.stringify(v))),
  fc.integer({ min: 100_000, max: 2_000_000 }).map((n) => encoder.encode(JSON.stringify({ spec: "x".repeat(n) }))),
);
const verbs = Object.values(ApiVerb);

/** Shard-stream payloads that claim the binary codec: its tag ("MCXS") then random doubles. */
const binaryJunk = fc
  .array(fc.double(), { maxLength: 64 })
  .map((a) => new Uint8Array(Float64Array.of(0x4d435853, ...a).buffer));
/** Headers of a shard message: none, the binary encoding, an unknown one; a fingerprint, a malformed one, none. */
const shardHeaders = fc
  .record({
    encoding: fc.constantFrom("", SUMMARY_ENCODING_BINARY, "mcx-summary-f64le-9"),
    fingerprint: fc.constantFrom("", "0123456789abcdef", "0123456789ABCDEF", "nope"),
  })
  .map(({ encoding, fingerprint }): MsgHdrs => {
    const h = headers();
    if (encoding !== "") h.set(SHARD_ENCODING_HEADER, encoding);
    if (fingerprint !== "") h.set(SHARD_FINGERPRINT_HEADER, fingerprint);
    return h;
  });

// The verbs whose every argument is optional: for them an empty payload (read as `{}`) or a random object that
// happens to fit is a valid request, and gets a proper answer.
const argumentless: Partial<Record<string, { safeParse(v: unknown): { success: boolean } }>> = {
  [ApiVerb.list]: ListRequest,
  [ApiVerb.scheduleList]: ScheduleListRequest,
  [ApiVerb.queues]: QueuesRequest,
  [ApiVerb.deadLetters]: DeadLettersRequest,
};
const decoder = new TextDecoder();

/** Whether `payload` is a valid request of `verb` after all (the coordinator reads an empty body as `{}`). */
function validRequest(verb: string, payload: Uint8Array): boolean {
  const schema = argumentless[verb];
  if (schema === undefined) return false;
  const text = decoder.decode(payload);
  try {
    return schema.safeParse(text === "" ? {} : JSON.parse(text)).success;
  } catch {
    return false;
  }
}

describe.skipIf(!enabled)("hostile input on every subject, against the real servers", () => {
  let cluster: FaultCluster;
  let cli: NatsConnection;
  let worker: NatsConnection;
  let finishedId: string;
  let finishedDigest: string;
  let waitingId: string;
  const waitingSpec = faultSpec("hostile-waiting", 1002, 6);

  beforeAll(async () => {
    cluster = await startFaultCluster({ net: createLoopback(), tag: TAG, workers: ["w1"] });
    const url = cluster.nats().url;
    cli = await connect({ servers: url, user: "cli", pass: passwords.natsCli });
    worker = await connect({ servers: url, user: "worker", pass: passwords.natsWorker });
    finishedId = await cluster.submit(faultSpec("hostile-finished", 1001, 6));
    finishedDigest = (await settled(cluster.client, finishedId)).digest!;
    // No worker from now on: the second run waits, and its state must not move.
    await cluster.workers.get("w1")!.kill({ restart: false });
    waitingId = await cluster.submit(waitingSpec);
  });
  afterAll(async () => {
    await cli?.close();
    await worker?.close();
    await cluster?.close();
  });

  it("answers every malformed API request with MCX_MESSAGE_INVALID (or a proper error), and counts it", async () => {
    const before = (await cluster.client.list()).coordinator.rejectedRequests;
    let malformed = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...verbs), junk, async (verb, payload) => {
        const reply = JSON.parse((await cli.request(apiSubject(verb), payload, { timeout: 10_000 })).string()) as {
          ok: boolean;
          error?: { code: string };
        };
        // Nothing random is a valid request (but an empty one of a verb without arguments); a well-formed one naming
        // nothing known gets its own error.
        expect(reply.ok).toBe(validRequest(verb, payload));
        if (reply.ok) return;
        if (reply.error?.code === "MCX_MESSAGE_INVALID") malformed++;
        else
          expect([
            "MCX_RUN_NOT_FOUND",
            "MCX_SPEC_PARSE",
            "MCX_SPEC_INVALID",
            "MCX_SPEC_LIMIT",
            "MCX_SCHEDULE_NOT_FOUND",
          ]).toContain(reply.error?.code);
      }),
      { numRuns: 150, seed: 13 },
    );
    // An unknown verb, and a request without a reply subject (dropped, counted).
    const unknown = JSON.parse((await cli.request("mcx.api.explode", "{}", { timeout: 10_000 })).string());
    expect(unknown.error.code).toBe("MCX_MESSAGE_INVALID");
    cli.publish(apiSubject("status"), "{}");
    await cli.flush();
    const stats = await waitFor(async () => {
      const s = (await cluster.client.list()).coordinator;
      return s.rejectedRequests >= before + malformed + 2 ? s : undefined;
    }, "the rejections to be counted");
    expect(stats.rejectedRequests).toBe(before + malformed + 2);
    expect(stats.rejections?.["api: unknown verb"]).toBeGreaterThanOrEqual(1);
    expect(stats.rejections?.["api: no reply subject"]).toBe(1);
  });

  it("drops malformed, foreign and replayed shard messages and heartbeats, counting them; no run changes", async () => {
    const js = jetstream(worker);
    const before = await cluster.client.status(waitingId);
    const result = await cluster.client.resultText(finishedId);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          summarySubject(waitingId),
          deadLetterSubject(waitingId),
          summarySubject(finishedId),
          "mcx.shard.-bad-.summary",
        ),
        fc.oneof(junk, binaryJunk),
        shardHeaders,
        async (subject, payload, hdrs) => {
          // The worker role may publish summaries and dead letters only: a subject outside them is refused by NATS.
          await js
            .publish(subject, payload, { headers: hdrs })
            .catch((e: Error) => expect(e.message).toMatch(/permission|no responders|timeout/i));
          worker.publish("mcx.worker.fuzz", payload);
        },
      ),
      { numRuns: 150, seed: 17 },
    );
    // Replayed: the finished run's result document as a summary of the waiting run, twice.
    await js.publish(summarySubject(waitingId), result, { msgID: "replayed" });
    await js.publish(summarySubject(waitingId), result, { msgID: "replayed" });
    await worker.flush();
    const after = await waitFor(async () => {
      const r = await cluster.client.status(waitingId);
      return r.rejected > 0 ? r : undefined;
    }, "the waiting run to count rejected summaries");
    const { rejected: _a, ...stateAfter } = after;
    const { rejected: _b, ...stateBefore } = before;
    expect(stateAfter).toEqual({ ...stateBefore, trialsPlanned: after.trialsPlanned });
    expect(after.shardsDone).toBe(0);
    const stats = (await cluster.client.list()).coordinator;
    expect(stats.rejectedMessages).toBeGreaterThan(0);
    expect(stats.rejectedHeartbeats).toBeGreaterThan(0);
    expect(stats.rejections?.["stream: not JSON"]).toBeGreaterThan(0);
    expect(stats.rejections?.["stream: bad binary summary"]).toBeGreaterThan(0);
    expect(stats.rejections?.["stream: unknown encoding"]).toBeGreaterThan(0);
    expect(stats.rejections?.["stream: bad fingerprint"]).toBeGreaterThan(0);
    expect(await cluster.client.resultText(finishedId)).toBe(result);
    expect((await cluster.client.status(finishedId)).digest).toBe(finishedDigest);
  });

  it("keeps serving: the waiting run, once a worker comes, ends with the undisturbed digest", async () => {
    expect(cluster.coordinators[0]!.restarts()).toBe(0);
    cluster.addWorker("w2");
    const run = await settled(cluster.client, waitingId);
    expect(run.status).toBe("completed");
    expect((await cluster.client.results(waitingId)).digest).toBe(undisturbedDigest(waitingSpec));
  });
});
