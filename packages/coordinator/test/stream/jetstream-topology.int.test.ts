import { Topology } from "@mcx/protocol";
import { type ServerHandle, startNats } from "@mcx/testkit";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coordinatorConsumerConfig, ensureTopology, shardStreamConfig } from "../../src/stream/jetstream-topology.ts";

// ensureTopology against a real nats-server -js: it creates what is missing, leaves what is right alone, and
// replaces a durable consumer whose ack policy an earlier build set (explicit acks) with the current one.
const enabled = process.env["MCX_INTEGRATION"] === "1";

describe.skipIf(!enabled)("JetStream topology", () => {
  let nats: ServerHandle;
  let nc: NatsConnection;

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url, user: nats.user, pass: nats.password });
  });

  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  it("replaces an explicit-ack durable consumer left by an earlier build, then leaves it alone", async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add(shardStreamConfig);
    await jsm.consumers.add(Topology.shardStream, {
      ...coordinatorConsumerConfig,
      ack_policy: AckPolicy.Explicit,
    });

    await ensureTopology(jetstream(nc), jsm);
    const replaced = await jsm.consumers.info(Topology.shardStream, Topology.coordinatorDurable);
    expect(replaced.config.ack_policy).toBe(AckPolicy.None);

    await ensureTopology(jetstream(nc), jsm);
    const again = await jsm.consumers.info(Topology.shardStream, Topology.coordinatorDurable);
    // Same consumer: not deleted and re-added on a start that finds it right.
    expect(again.created).toBe(replaced.created);
    expect(again.config.ack_policy).toBe(AckPolicy.None);
  });
});
