export { bernoulli, exponential, lognormal, normal, poisson, uniform, uniformInt } from "./distributions.ts";
export { type PhiloxKatResult, philoxKat } from "./kat.ts";
export { philox4x32_10 } from "./philox.ts";
export { createPhiloxRecords, type PhiloxRecords, philoxBackend } from "./philox-batch.ts";
export {
  createStream,
  RAW_KIND,
  rngBytesStream,
  STREAM_DOMAIN,
  seedStream,
  seedStreams,
  setStreamState,
} from "./stream.ts";
export { Xoshiro128 } from "./xoshiro.ts";
