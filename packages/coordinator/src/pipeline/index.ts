export { type Channel, createChannel } from "./channel.ts";
export type { ShardSummary, ShardTask } from "./core-types.ts";
export { DEFAULT_WINDOW, driveRun } from "./drive-run.ts";
export type {
  DriveProgress,
  DriveRunOptions,
  ShardEvent,
  ShardFailedEvent,
  ShardJob,
  ShardQueue,
  ShardSummaryEvent,
  SummarySource,
} from "./types.ts";
