// @mcx/client: what the CLI uses to talk to a coordinator. The wire types it returns come from @mcx/protocol and are
// re-exported, so a caller needs this package only.

export type {
  CoordinatorStats,
  DeadLetterEntry,
  DeadLettersReply,
  DeadLettersRequest,
  ErrorData,
  ExtendReply,
  ExtendRequest,
  ListReply,
  ListRequest,
  ProgressMessage,
  ProgressSnapshot,
  QueueCounts,
  QueuesReply,
  ResultsReply,
  RunAlarm,
  RunRecord,
  RunRegression,
  RunStatus,
  ScheduleAddRequest,
  ScheduleRecord,
  ServiceConnections,
  SubmitReply,
  SubmitRequest,
  UserSimulationRequest,
  WorkerInfo,
} from "@mcx/protocol";
export {
  cronProblem,
  fromErrorData,
  isFinalStatus,
  isScheduleName,
  MAX_BASELINE_CHARS,
  nextCronTimes,
} from "@mcx/protocol";
export type { BundleUpload } from "./bundle-upload.ts";
export { connectClient, type McxClient, type WatchOptions } from "./client.ts";
export { type ClientOptions, clientOptionsFromEnv } from "./options.ts";
