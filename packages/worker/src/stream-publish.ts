// Publishing to a JetStream stream and awaiting the stream's ack, on one reply subscription for every publish.
// `JetStreamClient.publish` does the same through the connection's request machinery, which per publish builds a
// request object, a timer, a deferred and (when the request ends, even with its answer) an Error with its stack
// trace: a measurable share of a worker's main thread per shard, on the core the pool threads need.
import { createInbox, headers, type Msg, type MsgHdrs, type NatsConnection } from "@nats-io/transport-node";

/** The stream's answer to one publish. */
export interface StreamAck {
  readonly seq: number;
  /** The stream already held a message with this id (inside its duplicate window). */
  readonly duplicate: boolean;
}

/** Publishes to JetStream; see {@link createStreamPublish}. */
export interface StreamPublish {
  /**
   * Publishes `body` on `subject` with `hdrs` and the message id `msgId` (the stream drops a second message with the
   * same id), and resolves with the stream's ack. Rejects when the stream refuses it, when no stream takes the
   * subject, or when no ack came within the timeout.
   */
  publish(subject: string, body: Uint8Array | string, msgId: string, hdrs?: MsgHdrs): Promise<StreamAck>;
  /** Stops listening for acks; publishes still waiting reject. */
  close(): void;
}

/** JetStream's header for the message id. */
const MSG_ID_HEADER = "Nats-Msg-Id";

interface Waiting {
  readonly resolve: (ack: StreamAck) => void;
  readonly reject: (error: Error) => void;
  readonly deadline: number;
}

const decoder = new TextDecoder();

/** The ack in a reply to a publish, or the error it says. */
function readAck(msg: Msg): StreamAck | Error {
  // A status instead of an ack: 503 is the server's "no responders" (no stream takes the subject).
  if (msg.headers?.hasError) {
    const code = msg.headers.code;
    return new Error(code === 503 ? "no stream takes the subject (no responders)" : `publish failed: ${code}`);
  }
  let reply: { stream?: unknown; seq?: unknown; duplicate?: unknown; error?: { description?: unknown } };
  try {
    reply = JSON.parse(decoder.decode(msg.data));
  } catch {
    return new Error("the stream's ack is not JSON");
  }
  if (reply.error !== undefined) return new Error(`the stream refused the message: ${String(reply.error.description)}`);
  if (typeof reply.stream !== "string" || reply.stream === "" || typeof reply.seq !== "number") {
    return new Error("invalid ack response");
  }
  return { seq: reply.seq, duplicate: reply.duplicate === true };
}

/**
 * Publishes over `nc` (the caller owns it), each publish waiting `timeoutMs` at most for its ack. Acks come to one
 * wildcard inbox, each publish on its own token of it; one timer sweeps for overdue acks instead of a timer each.
 * @example
 * const streams = createStreamPublish(nc, 10_000);
 * await streams.publish("mcx.shard.r1.summary", bytes, "r1:7", hdrs); // → { seq: 17, duplicate: false }
 */
export function createStreamPublish(nc: NatsConnection, timeoutMs: number): StreamPublish {
  const prefix = `${createInbox()}.`;
  const waiting = new Map<string, Waiting>();
  let next = 0;
  let closed = false;

  const failAll = (error: Error): void => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  const sub = nc.subscribe(`${prefix}*`, {
    callback: (err, msg) => {
      if (err) {
        failAll(err);
        return;
      }
      const token = msg.subject.slice(prefix.length);
      const w = waiting.get(token);
      if (w === undefined) return; // answered after its timeout
      waiting.delete(token);
      const ack = readAck(msg);
      if (ack instanceof Error) w.reject(ack);
      else w.resolve(ack);
    },
  });
  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const [token, w] of waiting) {
        if (w.deadline > now) continue;
        waiting.delete(token);
        w.reject(new Error(`no ack from the stream within ${timeoutMs} ms`));
      }
    },
    Math.max(25, Math.min(1000, timeoutMs / 10)),
  );
  sweep.unref();

  return {
    publish(subject, body, msgId, hdrs) {
      if (closed) return Promise.reject(new Error("the publisher is closed"));
      return new Promise<StreamAck>((resolve, reject) => {
        const token = String(next++);
        const h = hdrs ?? headers();
        h.set(MSG_ID_HEADER, msgId);
        try {
          nc.publish(subject, body, { reply: prefix + token, headers: h });
        } catch (e) {
          reject(e as Error);
          return;
        }
        waiting.set(token, { resolve, reject, deadline: Date.now() + timeoutMs });
      });
    },
    close() {
      closed = true;
      clearInterval(sweep);
      sub.unsubscribe();
      failAll(new Error("the publisher is closed"));
    },
  };
}
