import { McxError, McxErrorCode } from "@mcx/core";
import { BaselineReply, DeadLettersReply, QueuesReply } from "@mcx/protocol";
import { describe, expect, it } from "vitest";
import type { ApiBackend } from "../../src/api/backend.ts";
import { handleRequest, RESULT_CHUNK_CHARS } from "../../src/api/handle-request.ts";
import type { InspectBackend } from "../../src/api/inspect-requests.ts";

// The read-only views through the API's request handling, on an in-memory backend: validation, the replies'
// shapes (the protocol's schemas parse them), and a baseline larger than one reply coming back whole in chunks.
const baselineText = JSON.stringify({ format: "mcx-result/1", pad: "y".repeat(RESULT_CHUNK_CHARS + 123) });
const asked: unknown[] = [];
const inspect: InspectBackend = {
  queueCounts: async () => [
    { name: "mcx-shards", waiting: 3, active: 2, delayed: 1, failed: 4, completed: 9 },
    { name: "mcx-schedules", waiting: 0, active: 0, delayed: 1, failed: 0, completed: 2 },
  ],
  deadLetters: async (request) => {
    asked.push(request);
    return { total: 4, matching: 1, byRun: [{ runId: "r-1", count: 1 }], truncated: false, letters: [] };
  },
  scheduleBaseline: async (name) => {
    if (name !== "nightly") throw new McxError(McxErrorCode.SCHEDULE_NOT_FOUND, `schedule ${name} does not exist`);
    return baselineText;
  },
};
const backend = { inspect } as Pick<ApiBackend, "inspect"> as ApiBackend;

describe("the API's read-only views", () => {
  it("answers queues with the counts of both queues", async () => {
    const { reply, malformed } = await handleRequest(backend, "queues", "");
    expect(malformed).toBe(false);
    expect(QueuesReply.parse(reply).queues.map((q) => [q.name, q.waiting, q.failed])).toEqual([
      ["mcx-shards", 3, 4],
      ["mcx-schedules", 0, 0],
    ]);
  });

  it("fills in the defaults of a dead-letters request and rejects a page too large as malformed", async () => {
    asked.length = 0;
    const { reply } = await handleRequest(backend, "dead-letters", JSON.stringify({ runId: "r-1" }));
    expect(DeadLettersReply.parse(reply).matching).toBe(1);
    expect(asked).toEqual([{ runId: "r-1", limit: 50, offset: 0 }]);
    const big = await handleRequest(backend, "dead-letters", JSON.stringify({ limit: 501 }));
    expect(big.malformed).toBe(true);
    expect(big.reply).toMatchObject({
      ok: false,
      error: { code: McxErrorCode.MESSAGE_INVALID, message: expect.stringMatching(/^dead-letters request limit /) },
    });
    const badRun = await handleRequest(backend, "dead-letters", JSON.stringify({ runId: "Not A Run" }));
    expect(badRun.malformed).toBe(true);
  });

  it("serves a schedule's baseline in chunks that concatenate to the stored text", async () => {
    let text = "";
    for (let i = 0; i < 5; i++) {
      const { reply } = await handleRequest(
        backend,
        "schedule.baseline",
        JSON.stringify({ name: "nightly", offset: text.length }),
      );
      const part = BaselineReply.parse(reply);
      expect(part.size).toBe(baselineText.length);
      text += part.chunk;
      if (part.done) break;
    }
    expect(text).toBe(baselineText);
  });

  it("says which schedule does not exist, as bad input rather than a malformed request", async () => {
    const { reply, malformed } = await handleRequest(backend, "schedule.baseline", JSON.stringify({ name: "nope" }));
    expect(malformed).toBe(false);
    expect(reply).toMatchObject({ ok: false, error: { code: McxErrorCode.SCHEDULE_NOT_FOUND } });
  });
});
