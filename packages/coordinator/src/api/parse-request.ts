// Validation of an API request body against its protocol schema: the first problem becomes the one error line.
import { McxError, McxErrorCode } from "@mcx/core";
import type { z } from "zod";

/** The parsed request. @throws McxError MCX_MESSAGE_INVALID naming the first field at fault */
export function parseRequest<T extends z.ZodType>(schema: T, body: unknown, verb: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new McxError(
      McxErrorCode.MESSAGE_INVALID,
      `${verb} request ${issue?.path.join(".") || "body"} ${issue?.message ?? "is malformed"}`,
    );
  }
  return parsed.data;
}
