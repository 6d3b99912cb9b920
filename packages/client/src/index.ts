// @mcx/client: what the CLI uses to talk to a coordinator. The wire types it returns come from @mcx/protocol and are
// re-exported, so a caller needs this package only.

export type {
  CoordinatorStats,
  ErrorData,
  ListReply,
  ListRequest,
  ProgressMessage,
  ProgressSnapshot,
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
export { connectClient, type McxClient, type WatchOptions } from "./client.ts";
export { type ClientOptions, clientOptionsFromEnv } from "./options.ts";
