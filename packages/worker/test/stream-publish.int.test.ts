import { type NatsHandle, startNats } from "@mcx/testkit";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStreamPublish } from "../src/stream-publish.ts";

const enabled = process.env["MCX_INTEGRATION"] === "1";

describe.skipIf(!enabled)("stream publish (real nats-server)", () => {
  let nats: NatsHandle;
  let nc: NatsConnection;

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url, user: nats.user, pass: nats.password });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "T", subjects: ["t.>"], duplicate_window: 60_000_000_000 });
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  it("resolves with the stream's sequence, flags a repeated message id as a duplicate, and keeps the headers", async () => {
    const streams = createStreamPublish(nc, 5_000);
    try {
      const h = headers();
      h.set("Mcx-Test", "yes");
      const first = await streams.publish("t.a", new Uint8Array([1, 2, 3]), "id-1", h);
      const again = await streams.publish("t.a", new Uint8Array([1, 2, 3]), "id-1");
      const other = await streams.publish("t.b", "text", "id-2");
      expect(first).toEqual({ seq: 1, duplicate: false });
      expect(again).toEqual({ seq: 1, duplicate: true });
      expect(other).toEqual({ seq: 2, duplicate: false });
      const jsm = await jetstreamManager(nc);
      const stored = await jsm.streams.getMessage("T", { seq: 1 });
      expect(stored?.header.get("Mcx-Test")).toBe("yes");
      expect(stored?.header.get("Nats-Msg-Id")).toBe("id-1");
      // Many at once: each ack finds its own publish.
      const acks = await Promise.all(
        Array.from({ length: 50 }, (_, i) => streams.publish("t.c", String(i), `many-${i}`)),
      );
      expect(new Set(acks.map((a) => a.seq)).size).toBe(50);
    } finally {
      streams.close();
    }
  });

  it("rejects when no stream takes the subject, when no ack comes in time, and after close", async () => {
    const streams = createStreamPublish(nc, 5_000);
    // A subject with a plain subscriber that never answers: the publish times out.
    const silent = nc.subscribe("quiet.x");
    const short = createStreamPublish(nc, 200);
    await expect(short.publish("quiet.x", "x", "id-q")).rejects.toThrow(/no ack/);
    short.close();
    silent.unsubscribe();
    await expect(streams.publish("nowhere.x", "x", "id-x")).rejects.toThrow(/no responders/);
    streams.close();
    await expect(streams.publish("t.a", "x", "id-y")).rejects.toThrow(/closed/);
  });
});
