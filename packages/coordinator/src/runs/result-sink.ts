// Where a finished run's result document goes: the object store (`result/<runId>`), with a few more tries on a
// transient store error (a timeout, a JetStream leader change), since the result is the run's product.
import { setTimeout as sleep } from "node:timers/promises";
import type { ResultDocument } from "@mcx/core";
import { blockStoreObjectName } from "@mcx/protocol";
import type { Logger } from "pino";

/** The result document as JSON; non-finite numbers become "Infinity"/"-Infinity"/"NaN" (ResultDocumentSchema reads them back). */
export function toResultJson(doc: ResultDocument): string {
  return JSON.stringify(doc, (_key, value: unknown) =>
    typeof value === "number" && !Number.isFinite(value) ? String(value) : value,
  );
}

/** Options of {@link createResultSink}. */
export interface ResultSinkOptions {
  /** Writes a result's JSON text (the run store's `putResult`). */
  readonly write: (runId: string, json: string) => Promise<void>;
  /**
   * Writes a block store's data (the run store's `putBlockStore`): the result then names its object instead of
   * carrying it. Without it, the data stays in the document.
   */
  readonly writeBlockStore?: (runId: string, data: string) => Promise<void>;
  /** Attempts before giving up (MCX_RESULT_WRITE_ATTEMPTS). */
  readonly attempts: number;
  /** Wait before the second attempt; doubles per attempt. @defaultValue 500 */
  readonly backoffMs?: number;
  readonly logger: Logger;
}

/** Stores result documents. */
export interface ResultSink {
  /** @throws the last write error once every attempt failed */
  store(runId: string, doc: ResultDocument): Promise<void>;
}

export function createResultSink(options: ResultSinkOptions): ResultSink {
  const backoff = options.backoffMs ?? 500;
  return {
    async store(runId, doc) {
      const { writeBlockStore } = options;
      const data = writeBlockStore ? doc.blockStore?.data : undefined;
      const stored =
        data === undefined
          ? doc
          : { ...doc, blockStore: { ...doc.blockStore!, data: undefined, object: blockStoreObjectName(runId) } };
      const json = toResultJson(stored);
      for (let attempt = 1; ; attempt++) {
        try {
          // The block store first: a result never names an object that is not there.
          if (data !== undefined) await writeBlockStore!(runId, data);
          await options.write(runId, json);
          return;
        } catch (e) {
          if (attempt >= options.attempts) throw e;
          options.logger.warn({ runId, err: (e as Error).message, attempt }, "result not stored, retrying");
          await sleep(backoff * 2 ** (attempt - 1));
        }
      }
    },
  };
}
