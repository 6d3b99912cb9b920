import { exitCodeOf, McxError, McxErrorCode, toMcxError } from "@mcx/core/errors";

// Where an error happened ("spec.yaml:4:3", "--threads", "mcx run"), kept beside the error rather than in a
// subclass so the original error (code, hint, cause, stack) is printed as it was thrown.
const whereOf = new WeakMap<McxError, string>();

/** Attaches a location to an error for the `(<where>)` part of its line; keeps the first one attached. */
export function locate<TError extends McxError>(error: TError, where: string): TError {
  if (!whereOf.has(error)) whereOf.set(error, where);
  return error;
}

/** A bad command-line flag or argument: exit 2. */
export function flagError(flag: string, message: string, hint?: string): McxError {
  return locate(new McxError(McxErrorCode.FLAG_INVALID, message, hint === undefined ? undefined : { hint }), flag);
}

function stripLocationPrefix(message: string, where: string): string {
  // Parse errors already start with "file:line:col: "; the location goes at the end, once.
  return message.startsWith(`${where}: `) ? message.slice(where.length + 2) : message;
}

/**
 * The lines printed for an error: `error[MCX_…]: <what> (<where>)`, then `hint: …` when known, then the stack
 * (and causes) only when `verbose`.
 */
export function formatError(error: unknown, options: { readonly verbose: boolean; readonly where: string }): string[] {
  const e = toMcxError(error);
  const where = whereOf.get(e) ?? (e as { path?: unknown }).path ?? options.where;
  const whereText = typeof where === "string" && where !== "" ? where : options.where;
  const what = stripLocationPrefix(e.message.split("\n")[0] ?? "", whereText);
  const lines = [`error[${e.code}]: ${what} (${whereText})`];
  if (e.hint !== undefined) lines.push(`hint: ${e.hint}`);
  if (options.verbose) {
    let cause: unknown = e;
    let depth = 0;
    while (cause instanceof Error && depth < 8) {
      lines.push(depth === 0 ? (cause.stack ?? String(cause)) : `caused by: ${cause.stack ?? String(cause)}`);
      cause = cause.cause;
      depth++;
    }
    if (cause !== undefined && !(cause instanceof Error)) lines.push(`caused by: ${String(cause)}`);
  }
  return lines;
}

/** Exit status of an error: 2 bad input, 1 runtime failure (see docs/errors.md). */
export function exitStatusOf(error: unknown): 1 | 2 {
  return exitCodeOf(toMcxError(error));
}
