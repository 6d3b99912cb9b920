import { z } from "zod";
import { PointStateSchema } from "../engine/point-state.ts";

/** Format of a block store (the states `mcx extend` continues from). */
export const BLOCK_STORE_FORMAT = "mcx-blocks/1";

/** The content of a block store: each point's merged state at its last block. */
export const BlockStoreContentSchema = z.strictObject({
  format: z.literal(BLOCK_STORE_FORMAT),
  points: z.array(PointStateSchema),
});
export type BlockStoreContent = z.output<typeof BlockStoreContentSchema>;

/**
 * The result document's `blockStore`: where the block store is and how big. Embedded runs carry it in `data`,
 * distributed runs in the object store (`object`); a store over the size bound is left out (`omitted` says why),
 * and such a result cannot be extended.
 */
export const BlockStoreRefSchema = z.strictObject({
  format: z.literal(BLOCK_STORE_FORMAT),
  points: z.int().nonnegative(),
  /** Bytes of the canonical JSON of the content: what `sha256` is over. */
  bytes: z.int().nonnegative(),
  sha256: z.string(),
  /** `data` is the canonical JSON, deflated (RFC 1951) and in base64. */
  encoding: z.literal("deflate-base64"),
  /** Characters of `data` (where it is kept). */
  storedBytes: z.int().nonnegative(),
  data: z.string().optional(),
  /** Object-store name of `data` (distributed runs). */
  object: z.string().optional(),
  omitted: z.string().optional(),
});
export type BlockStoreRef = z.infer<typeof BlockStoreRefSchema>;
