// What a resumed extension continues from: the result and block store of the run it extends, read from the store.
import {
  type BlockStoreContent,
  McxError,
  McxErrorCode,
  type ResultDocument,
  ResultDocumentSchema,
  toMcxError,
} from "@mcx/core";
import type { RunStore } from "../store/run-store.ts";
import { storedBlockStore } from "../store/stored-block-store.ts";
import type { StoredSpec } from "../store/stored-spec.ts";

/** The run an extension continues, as stored; or why it cannot be read. */
export type StoredBase = { readonly doc: ResultDocument; readonly content?: BlockStoreContent } | McxError;

/** The base of a stored extension's spec; undefined for a run that extends nothing. */
export async function extensionBaseOf(
  store: RunStore,
  stored: StoredSpec | undefined,
): Promise<StoredBase | undefined> {
  const runId = stored?.extendsRun;
  if (runId === undefined) return undefined;
  try {
    const json = await store.getResult(runId);
    const parsed = json === undefined ? undefined : ResultDocumentSchema.safeParse(JSON.parse(json));
    if (!parsed?.success) {
      return new McxError(
        McxErrorCode.NOT_EXTENDABLE,
        `the result of run ${runId}, which this run extends, is missing or invalid`,
      );
    }
    const content = await storedBlockStore((id) => store.getBlockStore(id), runId, parsed.data);
    return content === undefined ? { doc: parsed.data } : { doc: parsed.data, content };
  } catch (e) {
    return toMcxError(e);
  }
}
