import { McxError, McxErrorCode, type ShardSummary } from "@mcx/core/shard";

/** An error as it crosses the thread boundary: structured clone keeps neither the class nor `code`. */
export interface SerializedError {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly stack?: string;
}

/** What a piscina shard task returns: a plain JSON-safe object either way, never a thrown error. */
export type ShardTaskResult =
  | { readonly ok: true; readonly summary: ShardSummary }
  | { readonly ok: false; readonly error: SerializedError };

export function serializeError(e: unknown): SerializedError {
  const base = e instanceof Error ? e : new Error(String(e));
  const code = e instanceof McxError ? e.code : McxErrorCode.INTERNAL;
  const hint = e instanceof McxError ? e.hint : undefined;
  return {
    code,
    message: base.message,
    ...(hint === undefined ? {} : { hint }),
    ...(base.stack === undefined ? {} : { stack: base.stack }),
  };
}

const knownCodes = new Set<string>(Object.values(McxErrorCode));

export function deserializeError(e: SerializedError, context: string): McxError {
  const code = knownCodes.has(e.code) ? (e.code as McxErrorCode) : McxErrorCode.INTERNAL;
  const error = new McxError(code, `${context}: ${e.message}`, e.hint === undefined ? undefined : { hint: e.hint });
  if (e.stack !== undefined) error.stack = `${error.name}: ${error.message}\n    in worker thread: ${e.stack}`;
  return error;
}
