/**
 * Error codes of mcx. Every user-facing failure carries one of these; the CLI prints
 * `error[<code>]: <message>` and maps the code to an exit status (see `exitCodeOf`).
 */
export const McxErrorCode = {
  SPEC_INVALID: "MCX_SPEC_INVALID",
  SPEC_PARSE: "MCX_SPEC_PARSE",
  SPEC_LIMIT: "MCX_SPEC_LIMIT",
  FILE_NOT_FOUND: "MCX_FILE_NOT_FOUND",
  FLAG_INVALID: "MCX_FLAG_INVALID",
  UNKNOWN_SIMULATION: "MCX_UNKNOWN_SIMULATION",
  UNKNOWN_MODEL: "MCX_UNKNOWN_MODEL",
  PARAM_INVALID: "MCX_PARAM_INVALID",
  RESULT_INVALID: "MCX_RESULT_INVALID",
  NOTHING_COMPARABLE: "MCX_NOTHING_COMPARABLE",
  MESSAGE_INVALID: "MCX_MESSAGE_INVALID",
  SHARD_MISMATCH: "MCX_SHARD_MISMATCH",
  SPEC_CHANGED: "MCX_SPEC_CHANGED",
  RUN_NOT_FOUND: "MCX_RUN_NOT_FOUND",
  SCHEDULE_NOT_FOUND: "MCX_SCHEDULE_NOT_FOUND",
  SCHEDULE_EXISTS: "MCX_SCHEDULE_EXISTS",
  CONNECTION: "MCX_CONNECTION",
  TIMEOUT: "MCX_TIMEOUT",
  CANCELLED: "MCX_CANCELLED",
  IO: "MCX_IO",
  INTERNAL: "MCX_INTERNAL",
} as const;
export type McxErrorCode = (typeof McxErrorCode)[keyof typeof McxErrorCode];

/** Codes that mean "the input was wrong": exit status 2, nothing was started. */
const BAD_INPUT: ReadonlySet<McxErrorCode> = new Set<McxErrorCode>([
  McxErrorCode.SPEC_INVALID,
  McxErrorCode.SPEC_PARSE,
  McxErrorCode.SPEC_LIMIT,
  McxErrorCode.FILE_NOT_FOUND,
  McxErrorCode.FLAG_INVALID,
  McxErrorCode.UNKNOWN_SIMULATION,
  McxErrorCode.UNKNOWN_MODEL,
  McxErrorCode.PARAM_INVALID,
  McxErrorCode.RESULT_INVALID,
  McxErrorCode.NOTHING_COMPARABLE,
  McxErrorCode.RUN_NOT_FOUND,
  McxErrorCode.SCHEDULE_NOT_FOUND,
  McxErrorCode.SCHEDULE_EXISTS,
]);

export class McxError extends Error {
  override readonly name: string = "McxError";
  readonly code: McxErrorCode;
  /** How to fix it, when known; printed on its own line after the error. */
  readonly hint: string | undefined;
  constructor(code: McxErrorCode, message: string, options?: ErrorOptions & { hint?: string }) {
    super(message, options);
    this.code = code;
    this.hint = options?.hint;
  }
}

/** A spec, parameter or flag that failed validation; `path` names the offending field. */
export class SpecError extends McxError {
  override readonly name: string = "SpecError";
  readonly path: string;
  constructor(code: McxErrorCode, path: string, message: string, options?: ErrorOptions & { hint?: string }) {
    super(code, message, options);
    this.path = path;
  }
}

export function isMcxError(e: unknown): e is McxError {
  return e instanceof McxError;
}

/** Normalizes anything thrown into an McxError (non-McxErrors become MCX_INTERNAL with the original as cause). */
export function toMcxError(e: unknown): McxError {
  if (e instanceof McxError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new McxError(McxErrorCode.INTERNAL, message, { cause: e });
}

/** Exit status for an error: 2 for bad input, 1 for a runtime failure. */
export function exitCodeOf(e: McxError): 1 | 2 {
  return BAD_INPUT.has(e.code) ? 2 : 1;
}
