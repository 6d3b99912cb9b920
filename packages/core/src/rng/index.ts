export { bernoulli, exponential, lognormal, normal, poisson, uniform, uniformInt } from "./distributions.ts";
export type { PhiloxKatResult } from "./kat.ts";
export { philoxKat } from "./kat.ts";
export { philox4x32_10 } from "./philox.ts";
export { createStream, RAW_KIND, rngBytesStream, STREAM_DOMAIN, seedStream } from "./stream.ts";
export { Xoshiro128 } from "./xoshiro.ts";
