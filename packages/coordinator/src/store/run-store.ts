import { blockStoreObjectName, RunRecord, resultObjectName, specObjectName } from "@mcx/protocol";
import type { KV } from "@nats-io/kv";
import type { ObjectStore } from "@nats-io/obj";
import { getStoredSpec, putStoredSpec, type StoredSpec } from "./stored-spec.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Durable state of runs: records in the KV bucket (small, rewritten as a run advances), spec and result documents
 * in the object store (large, written once).
 */
export interface RunStore {
  getRecord(runId: string): Promise<RunRecord | undefined>;
  putRecord(record: RunRecord): Promise<void>;
  listRecords(): Promise<RunRecord[]>;
  putSpec(runId: string, spec: StoredSpec): Promise<void>;
  getSpec(runId: string): Promise<StoredSpec | undefined>;
  /** Stores the result document's JSON text. */
  putResult(runId: string, json: string): Promise<void>;
  getResult(runId: string): Promise<string | undefined>;
  /** Stores the `data` of a result's block store (`blocks/<runId>`), before the result that names it. */
  putBlockStore(runId: string, data: string): Promise<void>;
  getBlockStore(runId: string): Promise<string | undefined>;
}

/**
 * @param listKeys every key of the runs bucket (see `listKvKeys`: `KV.keys()` can repeat or miss keys written
 *   while it iterates)
 */
export function createRunStore(runs: KV, objects: ObjectStore, listKeys: () => Promise<string[]>): RunStore {
  // Results are read in chunks by `mcx results`: keep the last few in memory instead of re-reading each time.
  const resultCache = new Map<string, string>();
  const remember = (runId: string, json: string): void => {
    resultCache.delete(runId);
    resultCache.set(runId, json);
    if (resultCache.size > 8) resultCache.delete(resultCache.keys().next().value!);
  };
  const parseRecord = (value: unknown): RunRecord | undefined => {
    const parsed = RunRecord.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  };
  return {
    async getRecord(runId) {
      const entry = await runs.get(runId);
      if (entry?.operation !== "PUT") return undefined;
      try {
        return parseRecord(entry.json());
      } catch {
        return undefined;
      }
    },
    async putRecord(record) {
      await runs.put(record.runId, JSON.stringify(record));
    },
    async listRecords() {
      const out: RunRecord[] = [];
      for (const k of await listKeys()) {
        const r = await this.getRecord(k);
        if (r) out.push(r);
      }
      return out;
    },
    putSpec: (runId, spec) => putStoredSpec(objects, specObjectName(runId), spec),
    getSpec: (runId) => getStoredSpec(objects, specObjectName(runId)),
    async putResult(runId, json) {
      await objects.putBlob({ name: resultObjectName(runId) }, encoder.encode(json));
      remember(runId, json);
    },
    async putBlockStore(runId, data) {
      await objects.putBlob({ name: blockStoreObjectName(runId) }, encoder.encode(data));
    },
    async getBlockStore(runId) {
      const data = await objects.getBlob(blockStoreObjectName(runId));
      return data ? decoder.decode(data) : undefined;
    },
    async getResult(runId) {
      const hit = resultCache.get(runId);
      if (hit !== undefined) return hit;
      const data = await objects.getBlob(resultObjectName(runId));
      if (!data) return undefined;
      const json = decoder.decode(data);
      remember(runId, json);
      return json;
    },
  };
}
