// @mcx/lifecycle: what every long-running service (coordinator, worker) shares at run time: its life as a process
// (stop signals, the shutdown deadline, the exit status) and the watch on its connections to Redis and NATS.

export { abortable } from "./abortable.ts";
export {
  type ConnectionWatch,
  type ConnectionWatchOptions,
  createConnectionWatch,
  type NatsStatusSource,
  type RedisEventSource,
} from "./connection-watch.ts";
export {
  exitOnError,
  type RunningService,
  runServiceProcess,
  type ServiceContext,
  type ServiceProcessHooks,
  type ServiceProcessOptions,
  SHUTDOWN_MARGIN_MS,
} from "./service-process.ts";
