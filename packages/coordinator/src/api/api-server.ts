// The coordinator API on NATS: request/reply on `mcx.api.<verb>` (verbs may have two tokens, `schedule.add`), in the
// queue group of the coordinators. Each request is handled on its own; a malformed one is answered and counted.
import { Topology } from "@mcx/protocol";
import type { Msg, NatsConnection } from "@nats-io/transport-node";
import type { Logger } from "pino";
import type { Rejections } from "../rejections.ts";
import type { ApiBackend } from "./backend.ts";
import { handleRequest } from "./handle-request.ts";

const decoder = new TextDecoder();

/** The API subscription. */
export interface ApiServer {
  /** Requests rejected as malformed (not JSON, wrong shape, unknown verb, no reply subject). */
  rejected(): number;
  /** Stops taking requests (those being handled still get their reply). */
  stop(): void;
}

/** Every verb's subject: `mcx.api.>`. */
export const API_SUBJECTS = `${Topology.apiPrefix}.>`;

/**
 * Serves the API for `backend` on `nc`.
 * @example const api = serveApi(nc, backend, logger); // later: api.stop()
 */
export function serveApi(nc: NatsConnection, backend: ApiBackend, logger: Logger, rejections?: Rejections): ApiServer {
  let rejected = 0;
  const onRequest = (err: Error | null, msg: Msg): void => {
    if (err) return;
    const verb = msg.subject.slice(Topology.apiPrefix.length + 1);
    if (!msg.reply) {
      rejected++;
      rejections?.count("api: no reply subject");
      logger.warn({ subject: msg.subject }, "API message without a reply subject dropped");
      return;
    }
    void handleRequest(backend, verb, decoder.decode(msg.data)).then(
      ({ reply, malformed, reason }) => {
        if (malformed) {
          rejected++;
          rejections?.count(`api: ${reason ?? "invalid request"}`);
          logger.warn({ verb, err: reply.ok ? "" : reply.error.message }, "API request rejected");
        }
        try {
          msg.respond(JSON.stringify(reply));
        } catch (e) {
          logger.warn({ verb, err: (e as Error).message }, "API reply not sent");
        }
      },
      (e: unknown) => logger.error({ verb, err: (e as Error).message }, "API handler failed"),
    );
  };
  const subscription = nc.subscribe(API_SUBJECTS, { queue: Topology.apiQueueGroup, callback: onRequest });
  return { rejected: () => rejected, stop: () => subscription.unsubscribe() };
}
