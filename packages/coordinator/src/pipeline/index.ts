export type { ShardSummary, ShardTask } from "./core-types.ts";
export type {
  DriveRunOptions,
  RunProgress,
  ShardEvent,
  ShardFailedEvent,
  ShardJob,
  ShardQueue,
  ShardSummaryEvent,
  SummarySource,
} from "./types.ts";
