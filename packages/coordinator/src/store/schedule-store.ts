import { ScheduleRecord, scheduleBaselineObjectName, scheduleSpecObjectName } from "@mcx/protocol";
import type { KV } from "@nats-io/kv";
import type { ObjectStore } from "@nats-io/obj";
import { getStoredSpec, putStoredSpec, type StoredSpec } from "./stored-spec.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Durable state of schedules: records in the KV bucket `mcx-schedules` (trigger, counters, last run), spec and
 * baseline in the object store (`schedule/<name>/spec`, `schedule/<name>/baseline`). The trigger itself lives in
 * BullMQ as a job scheduler with the same name; the coordinator reconciles the two at start.
 */
export interface ScheduleStore {
  get(name: string): Promise<ScheduleRecord | undefined>;
  put(record: ScheduleRecord): Promise<void>;
  /**
   * Read-modify-write of an existing record; does nothing (and resolves undefined) when the schedule is gone, so a
   * tick that races a `schedule remove` cannot bring its record back.
   */
  update(name: string, change: (record: ScheduleRecord) => ScheduleRecord): Promise<ScheduleRecord | undefined>;
  list(): Promise<ScheduleRecord[]>;
  /** Deletes the record, the spec and the baseline. */
  delete(name: string): Promise<void>;
  putSpec(name: string, spec: StoredSpec): Promise<void>;
  getSpec(name: string): Promise<StoredSpec | undefined>;
  /** Stores the baseline result document's JSON text, or removes it (`undefined`). */
  putBaseline(name: string, json: string | undefined): Promise<void>;
  getBaseline(name: string): Promise<string | undefined>;
}

/** Attempts of {@link ScheduleStore.update} when another writer keeps winning the compare-and-set. */
const UPDATE_ATTEMPTS = 5;

/** @param listKeys every key of the schedules bucket (see `listKvKeys`) */
export function createScheduleStore(kv: KV, objects: ObjectStore, listKeys: () => Promise<string[]>): ScheduleStore {
  const read = async (name: string): Promise<{ record: ScheduleRecord; revision: number } | undefined> => {
    const entry = await kv.get(name);
    if (entry?.operation !== "PUT") return undefined;
    try {
      const parsed = ScheduleRecord.safeParse(entry.json());
      return parsed.success ? { record: parsed.data, revision: entry.revision } : undefined;
    } catch {
      return undefined;
    }
  };
  // `next` comes from BullMQ when listing; it is never stored.
  const encode = (record: ScheduleRecord): string => {
    const { next: _next, ...stored } = record;
    return JSON.stringify(stored);
  };
  return {
    async get(name) {
      return (await read(name))?.record;
    },
    async put(record) {
      await kv.put(record.name, encode(record));
    },
    async update(name, change) {
      for (let attempt = 0; ; attempt++) {
        const current = await read(name);
        if (!current) return undefined;
        const next = change(current.record);
        try {
          await kv.update(name, encode(next), current.revision);
          return next;
        } catch (e) {
          // Wrong last sequence: someone wrote in between; read again.
          if (attempt + 1 >= UPDATE_ATTEMPTS) throw e;
        }
      }
    },
    async list() {
      const out: ScheduleRecord[] = [];
      for (const name of await listKeys()) {
        const r = await read(name);
        if (r) out.push(r.record);
      }
      return out;
    },
    async delete(name) {
      await kv.delete(name);
      await objects.delete(scheduleSpecObjectName(name));
      await objects.delete(scheduleBaselineObjectName(name));
    },
    putSpec: (name, spec) => putStoredSpec(objects, scheduleSpecObjectName(name), spec),
    getSpec: (name) => getStoredSpec(objects, scheduleSpecObjectName(name)),
    async putBaseline(name, json) {
      if (json === undefined) await objects.delete(scheduleBaselineObjectName(name));
      else await objects.putBlob({ name: scheduleBaselineObjectName(name) }, encoder.encode(json));
    },
    async getBaseline(name) {
      const data = await objects.getBlob(scheduleBaselineObjectName(name));
      return data ? decoder.decode(data) : undefined;
    },
  };
}
