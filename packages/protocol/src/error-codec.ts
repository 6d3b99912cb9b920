// The one structured form of an error crossing a process or thread boundary: a pool thread's result, a worker's dead
// letter, a run record, an API reply, a progress message. Every side encodes with `toErrorData` and decodes with
// `fromErrorData`; nothing parses a code back out of a message string.
import { McxError, McxErrorCode, SpecError } from "@mcx/core/shard";
import { z } from "zod";

/** An error on the wire: its code, its one-line message, and where known the offending field and how to fix it. */
export const ErrorData = z.object({
  code: z.string(),
  message: z.string(),
  /** The offending field (a spec path such as `spec.params.rate`, or `file:line:col`). */
  path: z.string().optional(),
  /** How to fix it. */
  hint: z.string().optional(),
});
export type ErrorData = z.infer<typeof ErrorData>;

/** Longest message `toErrorData` sends: a message is one line for a human, a stack goes to the logs. */
export const MAX_ERROR_MESSAGE = 4000;

const knownCodes: ReadonlySet<string> = new Set<string>(Object.values(McxErrorCode));

/** Whether `code` is one of mcx's error codes. */
export function isErrorCode(code: string): code is McxErrorCode {
  return knownCodes.has(code);
}

/**
 * The wire form of anything thrown: an McxError keeps its code, hint and (SpecError) path; anything else is
 * MCX_INTERNAL with its message. `context`, when given, goes in front of the message (`cannot resume: …`).
 * @example toErrorData(new McxError(McxErrorCode.TIMEOUT, "too slow")) // → { code: "MCX_TIMEOUT", message: "too slow" }
 */
export function toErrorData(e: unknown, context?: string): ErrorData {
  const text = e instanceof Error ? e.message : String(e);
  const message = (context === undefined ? text : `${context}: ${text}`).slice(0, MAX_ERROR_MESSAGE);
  if (!(e instanceof McxError)) return { code: McxErrorCode.INTERNAL, message };
  return {
    code: e.code,
    message,
    ...(e instanceof SpecError ? { path: e.path } : {}),
    ...(e.hint === undefined ? {} : { hint: e.hint }),
  };
}

/**
 * The McxError (a SpecError when it names a path) of an error received from another process. An unknown code becomes
 * MCX_INTERNAL; `context`, when given, goes in front of the message (`shard 7: …`).
 * @example fromErrorData({ code: "MCX_PARAM_INVALID", message: "rate must be > 0" }, "shard 3").message // → "shard 3: rate must be > 0"
 */
export function fromErrorData(data: ErrorData, context?: string): McxError {
  const code = isErrorCode(data.code) ? data.code : McxErrorCode.INTERNAL;
  const message = context === undefined ? data.message : `${context}: ${data.message}`;
  const options = data.hint === undefined ? undefined : { hint: data.hint };
  return data.path === undefined
    ? new McxError(code, message, options)
    : new SpecError(code, data.path, message, options);
}
