import { setTimeout as sleep } from "node:timers/promises";
import { McxError, McxErrorCode } from "@mcx/core";
import { type ApiVerb, apiSubject } from "@mcx/protocol";
import { type NatsConnection, NoRespondersError, RequestError, TimeoutError } from "@nats-io/transport-node";

/** How often a patient request asks again while no coordinator listens. */
const NO_COORDINATOR_RETRY_MS = 250;

function isNoResponders(e: unknown): boolean {
  return e instanceof NoRespondersError || (e instanceof RequestError && e.isNoResponders());
}

/** Options of {@link sendRequest}. */
export interface SendOptions {
  readonly timeoutMs: number;
  /**
   * While no coordinator listens (one still starting, or a standby taking over), ask again every 250 ms until the
   * timeout instead of failing at once.
   */
  readonly patient: boolean;
}

/**
 * Sends one API request and returns the reply's text; what NATS reports becomes the CLI's errors.
 * @throws McxError MCX_CONNECTION (no coordinator listens, or the request failed), MCX_TIMEOUT (no answer in time)
 */
export async function sendRequest(nc: NatsConnection, verb: ApiVerb, body: unknown, o: SendOptions): Promise<string> {
  const giveUpAt = performance.now() + o.timeoutMs;
  try {
    for (;;) {
      try {
        return (await nc.request(apiSubject(verb), JSON.stringify(body), { timeout: o.timeoutMs })).string();
      } catch (e) {
        if (!o.patient || !isNoResponders(e) || performance.now() + NO_COORDINATOR_RETRY_MS >= giveUpAt) throw e;
        await sleep(NO_COORDINATOR_RETRY_MS);
      }
    }
  } catch (e) {
    if (isNoResponders(e)) {
      throw new McxError(McxErrorCode.CONNECTION, `no coordinator answers on ${apiSubject(verb)}`, {
        cause: e,
        hint: "start one with `mcx coordinator` (or check that this NATS user may publish on mcx.api.>)",
      });
    }
    if (e instanceof TimeoutError) {
      throw new McxError(McxErrorCode.TIMEOUT, `the coordinator did not answer ${verb} within ${o.timeoutMs} ms`, {
        cause: e,
      });
    }
    const message = (e as Error).message ?? String(e);
    throw new McxError(McxErrorCode.CONNECTION, `${verb} request failed: ${message}`, { cause: e });
  }
}
