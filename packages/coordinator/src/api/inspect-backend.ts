// The coordinator's side of the API's read-only views: the BullMQ queues it already holds, and the schedule store.
import type { Queue } from "bullmq";
import type { ScheduleStore } from "../store/schedule-store.ts";
import { deadLetters } from "./dead-letters.ts";
import type { InspectBackend } from "./inspect-requests.ts";
import { queueCounts } from "./queue-counts.ts";
import { scheduleBaseline } from "./schedule-baseline.ts";

export interface InspectSources {
  /** The shard queue (`mcx-shards`). */
  readonly shards: Queue;
  /** The schedule queue (`mcx-schedules`), once the scheduler runs. */
  readonly schedules: () => Queue | undefined;
  readonly scheduleStore: ScheduleStore;
}

export function createInspectBackend(sources: InspectSources): InspectBackend {
  return {
    queueCounts: () => {
      const schedules = sources.schedules();
      return queueCounts(schedules === undefined ? [sources.shards] : [sources.shards, schedules]);
    },
    deadLetters: (request) => deadLetters(sources.shards, request),
    scheduleBaseline: (name) => scheduleBaseline(sources.scheduleStore, name),
  };
}
