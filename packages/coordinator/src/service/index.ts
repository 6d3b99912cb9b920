export { type ApiBackend, handleRequest, RESULT_CHUNK_CHARS } from "./api.ts";
export { type CoordinatorService, type StartCoordinatorOptions, startCoordinator } from "./coordinator.ts";
export { acquireLeadership, type Leadership, type LeadershipOptions } from "./leadership.ts";
export { toResultJson } from "./run-controller.ts";
export { newRunId } from "./run-id.ts";
