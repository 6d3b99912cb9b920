export {
  confidenceSequenceHalfWidth,
  confidenceSequenceInterval,
  proportionConfidenceSequence,
} from "./confidence-sequence.ts";
export {
  ContinuousAccumulator,
  type ContinuousAccumulatorJSON,
  type ContinuousAccumulatorOptions,
  type ContinuousSnapshot,
} from "./continuous.ts";
export { type IntervalDesign, meanInterval, proportionInterval } from "./interval-design.ts";
export {
  type Interval,
  normalHalfWidth,
  normalQuantile,
  studentTHalfWidth,
  studentTInterval,
  studentTQuantile,
} from "./intervals.ts";
export { decodeJsonNumber, encodeJsonNumber, type JsonNumber } from "./json-number.ts";
export { quantileRank, quantileRankInterval } from "./order-statistics.ts";
export { PairedAccumulator, type PairedJSON, type PairedSnapshot } from "./paired.ts";
export {
  clopperPearsonInterval,
  ProportionAccumulator,
  type ProportionJSON,
  type ProportionSnapshot,
  ruleOfThreeUpper,
  wilsonInterval,
} from "./proportion.ts";
export {
  QuantileSketch,
  type QuantileSketchJSON,
  type QuantileSketchOptions,
  type RankedValue,
  type SketchBucket,
} from "./quantile-sketch.ts";
export { type TailParts, TailView } from "./tail.ts";
export {
  type BenjaminiHochbergResult,
  benjaminiHochberg,
  studentTCdf,
  studentTTwoSidedPValue,
  type TostResult,
  type TwoProportionTestResult,
  tostEquivalence,
  twoProportionTest,
  type WelchTestResult,
  welchTest,
} from "./tests.ts";
export { conditionalValueAtRisk, valueAtRisk } from "./var-cvar.ts";
export { Moments, type MomentsJSON, type MomentsSnapshot } from "./welford.ts";
