// The state of a service's connections to Redis and NATS, as its heartbeats and the coordinator's listing carry it,
// so that `mcx status` can say which dependency a service is waiting for.
import { z } from "zod";

/** One connection of a service. */
export const ConnectionState = z.object({
  /** `connected`: the client is ready; `waiting`: the connection is lost (or not made yet) and the client retries. */
  state: z.enum(["connected", "waiting"]),
  /** When the connection entered this state. */
  since: z.iso.datetime(),
  /** While waiting: the client's last error (credentials are removed from it). */
  reason: z.string().max(300).optional(),
});
export type ConnectionState = z.infer<typeof ConnectionState>;

/** The two dependencies of every service. */
export const ServiceConnections = z.object({ redis: ConnectionState, nats: ConnectionState });
export type ServiceConnections = z.infer<typeof ServiceConnections>;

/** A service's dependency: `redis` or `nats`. */
export type Dependency = keyof ServiceConnections;
