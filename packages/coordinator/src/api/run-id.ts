import { randomBytes } from "node:crypto";
import { isRunId } from "@mcx/protocol";

/**
 * A new run id: the spec name as a slug, the submit time and a random suffix, e.g. `kpatch-vs-livepatch-m3x1k2-9f3a`.
 * Always a valid NATS subject token, KV key and BullMQ id part (`RUN_ID_PATTERN`).
 */
export function newRunId(name: string, now = Date.now()): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40)
      .replace(/-+$/g, "") || "run";
  const id = `${slug}-${now.toString(36)}-${randomBytes(2).toString("hex")}`;
  return isRunId(id) ? id : `run-${now.toString(36)}-${randomBytes(2).toString("hex")}`;
}
