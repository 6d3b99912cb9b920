export { type ApiBackend, handleRequest, RESULT_CHUNK_CHARS } from "./api.ts";
export { type CoordinatorService, type StartCoordinatorOptions, startCoordinator } from "./coordinator.ts";
export {
  type CoordinatorConfig,
  CoordinatorEnv,
  type NatsConnectionOptions,
  parseCoordinatorEnv,
  toNatsConnection,
  toRedisConnection,
} from "./env.ts";
export { toResultJson } from "./run-controller.ts";
export { newRunId } from "./run-id.ts";
