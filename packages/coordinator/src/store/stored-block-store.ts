// A result's block store as the object store keeps it (`blocks/<runId>`), read back and checked against the result.
import { type BlockStoreContent, McxError, McxErrorCode, type ResultDocument } from "@mcx/core";
import { decodeBlockStore } from "@mcx/runner";

/**
 * The block store of a stored result when the result names an object for it (a distributed run's); undefined when
 * the result carries its own.
 * @throws McxError MCX_NOT_EXTENDABLE when it is missing or does not match the result
 */
export async function storedBlockStore(
  getBlockStore: (runId: string) => Promise<string | undefined>,
  runId: string,
  doc: ResultDocument,
): Promise<BlockStoreContent | undefined> {
  const ref = doc.blockStore;
  if (ref?.object === undefined) return undefined;
  const data = await getBlockStore(runId);
  if (data === undefined) {
    throw new McxError(McxErrorCode.NOT_EXTENDABLE, `the block store of run ${runId} is missing from the object store`);
  }
  return decodeBlockStore(ref, data);
}
