export {
  confidenceSequenceHalfWidth,
  confidenceSequenceInterval,
  proportionConfidenceSequence,
} from "./confidence-sequence.ts";
export type {
  ContinuousAccumulatorJSON,
  ContinuousAccumulatorOptions,
  ContinuousSnapshot,
} from "./continuous.ts";
export { ContinuousAccumulator } from "./continuous.ts";
export type { IntervalDesign } from "./interval-design.ts";
export { meanInterval, proportionInterval } from "./interval-design.ts";
export type { Interval } from "./intervals.ts";
export {
  normalHalfWidth,
  normalQuantile,
  studentTHalfWidth,
  studentTInterval,
  studentTQuantile,
} from "./intervals.ts";
export type { JsonNumber } from "./json-number.ts";
export { decodeJsonNumber, encodeJsonNumber } from "./json-number.ts";
export { quantileRank, quantileRankInterval } from "./order-statistics.ts";
export type { PairedJSON, PairedSnapshot } from "./paired.ts";
export { PairedAccumulator } from "./paired.ts";
export type { ProportionJSON, ProportionSnapshot } from "./proportion.ts";
export { clopperPearsonInterval, ProportionAccumulator, ruleOfThreeUpper, wilsonInterval } from "./proportion.ts";
export type { QuantileSketchJSON, QuantileSketchOptions, RankedValue, SketchBucket } from "./quantile-sketch.ts";
export { QuantileSketch } from "./quantile-sketch.ts";
export type { TailParts } from "./tail.ts";
export { TailView } from "./tail.ts";
export type { BenjaminiHochbergResult, TostResult, TwoProportionTestResult, WelchTestResult } from "./tests.ts";
export {
  benjaminiHochberg,
  studentTCdf,
  studentTTwoSidedPValue,
  tostEquivalence,
  twoProportionTest,
  welchTest,
} from "./tests.ts";
export { conditionalValueAtRisk, valueAtRisk } from "./var-cvar.ts";
export type { MomentsJSON, MomentsSnapshot } from "./welford.ts";
export { Moments } from "./welford.ts";
