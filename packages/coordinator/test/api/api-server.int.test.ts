import { McxErrorCode, planRun, resolveSpec } from "@mcx/core";
import { apiSubject, ErrorReply, RunReply } from "@mcx/protocol";
import { type ServerHandle, startNats } from "@mcx/testkit";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveApi } from "../../src/api/api-server.ts";
import type { ApiBackend } from "../../src/api/backend.ts";
import { newRunRecord } from "../../src/runs/run-record.ts";
import { silent } from "../helpers/parts.ts";

// The API server on a real nats-server: it answers on mcx.api.<verb>, and rejects and counts what is malformed
// while it keeps serving.
const enabled = process.env["MCX_INTEGRATION"] === "1";

const record = newRunRecord(
  planRun("api-1", resolveSpec({ name: "api", simulation: "rendezvous", trials: 1000 }), 1000),
  { submittedAt: "2026-01-01T00:00:00.000Z" },
);
const backend = {
  getRecord: async (runId: string) => (runId === record.runId ? record : undefined),
} as Pick<ApiBackend, "getRecord"> as ApiBackend;

describe.skipIf(!enabled)("API server", () => {
  let nats: ServerHandle;
  let nc: NatsConnection;
  let api: ReturnType<typeof serveApi>;

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url, user: nats.user, pass: nats.password });
    api = serveApi(nc, backend, silent);
    await nc.flush();
  });
  afterAll(async () => {
    api?.stop();
    await nc?.close();
    await nats?.stop();
  });

  const ask = async (verb: string, body: string): Promise<unknown> =>
    (await nc.request(`mcx.api.${verb}`, body, { timeout: 5000 })).json();

  it("answers a request with its reply", async () => {
    const reply = RunReply.parse(await ask("status", JSON.stringify({ runId: "api-1" })));
    expect(reply.run.runId).toBe("api-1");
  });

  it("answers malformed requests with a structured error, counts them, and keeps serving", async () => {
    const before = api.rejected();
    const notJson = ErrorReply.parse(await ask("status", "{nope"));
    const unknownVerb = ErrorReply.parse(await ask("explode", "{}"));
    expect(notJson.error.code).toBe(McxErrorCode.MESSAGE_INVALID);
    expect(unknownVerb.error.code).toBe(McxErrorCode.MESSAGE_INVALID);
    // A request without a reply subject cannot be answered: dropped and counted.
    nc.publish(apiSubject("status"), JSON.stringify({ runId: "api-1" }));
    await nc.flush();
    await expect.poll(() => api.rejected()).toBe(before + 3);
    const missing = ErrorReply.parse(await ask("status", JSON.stringify({ runId: "nope-1" })));
    expect(missing.error).toMatchObject({ code: McxErrorCode.RUN_NOT_FOUND, hint: "list runs with `mcx status`" });
    expect(api.rejected()).toBe(before + 3);
  });
});
