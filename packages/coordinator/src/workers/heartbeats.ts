import { Topology } from "@mcx/protocol";
import type { NatsConnection } from "@nats-io/transport-node";
import type { WorkerRegistry } from "./worker-registry.ts";

const decoder = new TextDecoder();

/** The subscription to worker heartbeats (`mcx.worker.*`), feeding the registry. */
export interface HeartbeatWatch {
  /** Heartbeats rejected as malformed (not JSON, wrong shape). */
  rejected(): number;
  stop(): void;
}

/** Who is out there, and how many threads: the registry sizes `auto` shards and windows from it. */
export function watchHeartbeats(nc: NatsConnection, registry: WorkerRegistry): HeartbeatWatch {
  let rejected = 0;
  const subscription = nc.subscribe(`${Topology.workerPrefix}.*`, {
    callback: (err, msg) => {
      if (err) return;
      let body: unknown;
      try {
        body = JSON.parse(decoder.decode(msg.data));
      } catch {
        body = undefined;
      }
      if (!registry.observe(body)) rejected++;
    },
  });
  return { rejected: () => rejected, stop: () => subscription.unsubscribe() };
}
