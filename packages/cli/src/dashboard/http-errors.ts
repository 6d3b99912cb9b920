import { isMcxError, McxErrorCode } from "@mcx/core";
import type { FastifyReply } from "fastify";

/** A run id as the coordinator makes them (lowercase letters, digits, '-'). */
export const RUN_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Answers a failed coordinator call: 404 for an unknown run or schedule (or a schedule without a baseline), 503
 * while the coordinator cannot be reached (a failover, a restart: the page retries), 502 otherwise. The body is the error's code and message, never a credential.
 */
export function sendFailure(reply: FastifyReply, error: unknown): FastifyReply {
  const code = isMcxError(error) ? error.code : McxErrorCode.INTERNAL;
  const status =
    code === McxErrorCode.RUN_NOT_FOUND || code === McxErrorCode.SCHEDULE_NOT_FOUND
      ? 404
      : code === McxErrorCode.CONNECTION || code === McxErrorCode.TIMEOUT
        ? 503
        : 502;
  const message = error instanceof Error ? error.message : String(error);
  return reply.code(status).header("cache-control", "no-store").send({ error: { status, code, message } });
}
