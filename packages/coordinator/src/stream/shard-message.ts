// Decoding one message of the shard stream: its subject, its body by the encoding its header names, its attempt and
// fingerprint headers. Pure, so every way a message can be turned away is tested without a NATS server.
import { decodeSummaryBytes } from "@mcx/core";
import {
  FINGERPRINT_PATTERN,
  parseShardSubject,
  SHARD_ATTEMPT_HEADER,
  SHARD_ENCODING_HEADER,
  SHARD_FINGERPRINT_HEADER,
  SUMMARY_ENCODING_BINARY,
} from "@mcx/protocol";

/** A message from the shard stream, decoded but not yet validated against its run's plan. */
export interface ShardMessage {
  readonly runId: string;
  readonly kind: "summary" | "failed";
  /** The decoded body (untrusted): parsed JSON, or the summary of a binary body. */
  readonly body: unknown;
  /** Stream sequence. */
  readonly seq: number;
  /** The attempt of the shard's job that sent it (its `Mcx-Attempt` header), when the worker said. */
  readonly attempt?: number;
  /**
   * The summary's fingerprint as the worker's pool thread computed it (its `Mcx-Fingerprint` header), when the
   * worker sent one: the merger takes it instead of computing it (see `shard-inbox.ts` for why it may).
   */
  readonly fingerprint?: string;
}

/** What decoding reads of a JetStream message (a `JsMsg` has it). */
export interface RawShardMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly seq: number;
  /** NATS headers; `get` gives "" for a header the message does not have. */
  readonly headers?: { get(name: string): string } | undefined;
}

/** A message turned away, and why (the reason it is counted under, `stream: …`). */
export interface RejectedShardMessage {
  readonly rejected: string;
}

const decoder = new TextDecoder();

/**
 * Decodes a shard-stream message: a body without `SHARD_ENCODING_HEADER` is JSON text (dead letters, summaries of
 * older workers and of tests), `SUMMARY_ENCODING_BINARY` is one summary in core's binary codec, read without JSON.
 * @example decodeShardMessage(m) // → { runId, kind: "summary", body, seq, fingerprint } or { rejected: "stream: not JSON" }
 */
export function decodeShardMessage(m: RawShardMessage): ShardMessage | RejectedShardMessage {
  const where = parseShardSubject(m.subject);
  if (!where) return { rejected: "stream: bad subject" };
  const fingerprint = m.headers?.get(SHARD_FINGERPRINT_HEADER) ?? "";
  if (fingerprint !== "" && !FINGERPRINT_PATTERN.test(fingerprint)) return { rejected: "stream: bad fingerprint" };
  const encoding = m.headers?.get(SHARD_ENCODING_HEADER) ?? "";
  let body: unknown;
  if (encoding === "") {
    try {
      body = JSON.parse(decoder.decode(m.data));
    } catch {
      return { rejected: "stream: not JSON" };
    }
  } else if (encoding === SUMMARY_ENCODING_BINARY) {
    try {
      const summaries = decodeSummaryBytes(m.data);
      if (summaries.length !== 1) return { rejected: "stream: bad binary summary" };
      body = summaries[0];
    } catch {
      return { rejected: "stream: bad binary summary" };
    }
  } else {
    return { rejected: "stream: unknown encoding" };
  }
  const attempt = Number(m.headers?.get(SHARD_ATTEMPT_HEADER) ?? Number.NaN);
  // Built in one go, with no spread of partial objects: one message per merged shard passes here.
  const message: { -readonly [K in keyof ShardMessage]: ShardMessage[K] } = {
    runId: where.runId,
    kind: where.kind,
    body,
    seq: m.seq,
  };
  if (Number.isSafeInteger(attempt) && attempt > 0) message.attempt = attempt;
  if (fingerprint !== "") message.fingerprint = fingerprint;
  return message;
}
