import { deflateRawSync, inflateRawSync } from "node:zlib";
import {
  BLOCK_STORE_FORMAT,
  type BlockStoreContent,
  BlockStoreContentSchema,
  type BlockStoreRef,
  canonicalJson,
  McxError,
  McxErrorCode,
  type PointStateJson,
  sha256Of,
} from "@mcx/core";

/**
 * Largest block store kept with a result, in bytes of its canonical JSON. Its size is set by the sketches (at most
 * 2 × 4096 bins per continuous metric, point and model), so a sweep of thousands of points can exceed it; such a
 * result says so in `blockStore.omitted` and cannot be extended.
 */
export const MAX_BLOCK_STORE_BYTES = 64 * 1024 * 1024;

/**
 * The result's `blockStore` for these point states: their canonical JSON deflated into `data`, with its size and
 * SHA-256; over `maxBytes`, no data and the reason in `omitted`.
 */
export function encodeBlockStore(points: readonly PointStateJson[], maxBytes = MAX_BLOCK_STORE_BYTES): BlockStoreRef {
  const content = { format: BLOCK_STORE_FORMAT, points };
  const json = canonicalJson(content);
  const bytes = Buffer.byteLength(json);
  const ref = { format: BLOCK_STORE_FORMAT, points: points.length, bytes, sha256: sha256Of(content) } as const;
  if (bytes > maxBytes) {
    return {
      ...ref,
      encoding: "deflate-base64",
      storedBytes: 0,
      omitted: `the block store has ${bytes} bytes, more than the ${maxBytes} kept with a result (MAX_BLOCK_STORE_BYTES)`,
    };
  }
  const data = deflateRawSync(json, { level: 9 }).toString("base64");
  return { ...ref, encoding: "deflate-base64", storedBytes: data.length, data };
}

function unavailable(message: string, hint?: string): McxError {
  return new McxError(McxErrorCode.NOT_EXTENDABLE, message, hint === undefined ? undefined : { hint });
}

/**
 * The point states of a block store, from its `data` (the document's, or the object store's when `data` is passed),
 * checked against the SHA-256 the result recorded.
 * @throws McxError MCX_NOT_EXTENDABLE when it was left out, is missing, corrupt or not of this format
 */
export function decodeBlockStore(ref: BlockStoreRef, data: string | undefined = ref.data): BlockStoreContent {
  if (ref.omitted !== undefined)
    throw unavailable(`the result has no block store: ${ref.omitted}`, "run the extended spec afresh");
  if (data === undefined)
    throw unavailable(
      "the result's block store is not in the document",
      "extend the run on its cluster: mcx extend RUN",
    );
  let content: unknown;
  try {
    content = JSON.parse(inflateRawSync(Buffer.from(data, "base64")).toString("utf8"));
  } catch (e) {
    throw unavailable(`the result's block store cannot be read: ${(e as Error).message}`);
  }
  if (sha256Of(content) !== ref.sha256) {
    throw unavailable(`the result's block store does not match its sha256 ${ref.sha256}: it was altered or truncated`);
  }
  const parsed = BlockStoreContentSchema.safeParse(content);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw unavailable(`the result's block store is malformed at ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}
