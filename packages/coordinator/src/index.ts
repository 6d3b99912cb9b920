export type {
  DriveRunOptions,
  RunProgress,
  ShardEvent,
  ShardFailedEvent,
  ShardJob,
  ShardQueue,
  ShardSummary,
  ShardSummaryEvent,
  ShardTask,
  SummarySource,
} from "./pipeline/index.ts";
