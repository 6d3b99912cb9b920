// Apart from errors.ts, which every command loads: this one needs the client (NATS and the wire codec).
import { type ErrorData, fromErrorData } from "@mcx/client";
import { type McxError, McxErrorCode } from "@mcx/core/errors";

/** The error of a run that ended `failed` on the cluster: the coordinator's code, its message after `run <id> failed`. */
export function runFailed(runId: string, error: ErrorData | undefined): McxError {
  return fromErrorData(error ?? { code: McxErrorCode.INTERNAL, message: "unknown error" }, `run ${runId} failed`);
}
