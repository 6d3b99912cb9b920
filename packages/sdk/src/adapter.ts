import type { TrialAddress, TrialKernel } from "@mcx/core/sdk";
import { enterTrial, leaveTrial, pendingViolation } from "./guard.ts";
import { createTrialRng } from "./rng.ts";
import { TrialResultError, trialFailure } from "./trial-error.ts";

/** A trial function as the adapter calls it (the typed `trial` of a definition, erased). */
export type TrialFunction = (context: {
  readonly rng: unknown;
  readonly params: unknown;
  readonly model: string;
}) => unknown;

/** The metrics of a simulation in declaration order (the kernel's output order). */
export interface MetricLayout {
  readonly names: readonly string[];
  readonly proportion: readonly boolean[];
}

function describeValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "object" && v !== null) return Array.isArray(v) ? "an array" : "an object";
  return String(v);
}

function badMetric(metric: string, proportion: boolean, v: unknown, result: object): TrialResultError {
  if (v === undefined) {
    const keys = Object.keys(result);
    const found = keys.length === 0 ? "no keys" : `keys ${keys.join(", ")}`;
    return new TrialResultError(
      `trial returned no value for metric ${metric} (${found}); a trial returns every metric`,
    );
  }
  const want = proportion ? "a boolean (or 0 or 1)" : "a number";
  return new TrialResultError(`trial metric ${metric} must be ${want} (got ${describeValue(v)})`);
}

/** Copies a trial's return value into `out[at + m]`: proportions as 0/1, continuous values as they are. */
function writeMetrics(result: unknown, out: Float64Array, at: number, layout: MetricLayout): void {
  if (typeof result !== "object" || result === null) {
    throw new TrialResultError(`trial must return an object of metrics (got ${describeValue(result)})`);
  }
  if (typeof (result as { then?: unknown }).then === "function") {
    throw new TrialResultError("trial must be synchronous (it returned a Promise)");
  }
  const { names, proportion } = layout;
  const r = result as Record<string, unknown>;
  for (let m = 0; m < names.length; m++) {
    const v = r[names[m]!];
    if (proportion[m]) {
      if (v === true || v === 1) out[at + m] = 1;
      else if (v === false || v === 0) out[at + m] = 0;
      else throw badMetric(names[m]!, true, v, r);
    } else if (typeof v === "number") {
      out[at + m] = v;
    } else {
      throw badMetric(names[m]!, false, v, r);
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Core's `TrialKernel` over a `trial` function: for each model of a trial, restart the trial's rng at the trial's
 * address (common random numbers), call `trial`, and copy its metrics into `out`. The determinism guard is in
 * place for the whole `runTrial`. `events` counts trial calls (trials × models).
 */
export function createTrialAdapter(
  simulation: object,
  trial: TrialFunction,
  params: unknown,
  models: readonly string[],
  layout: MetricLayout,
): TrialKernel {
  const rng = createTrialRng();
  const frozen = deepFreeze(params);
  // One context per model, made once: a trial allocates nothing on the adapter's side but its own result.
  const contexts = models.map((model) => Object.freeze({ rng, params: frozen, model }));
  const stride = layout.names.length;
  const nModels = models.length;
  let events = 0;
  return {
    get events() {
      return events;
    },
    runTrial(address: TrialAddress, out: Float64Array): void {
      enterTrial();
      let slot = 0;
      let failed = false;
      let failure: unknown;
      try {
        for (; slot < nModels; slot++) {
          rng.seed(address);
          const result = trial(contexts[slot]!);
          // A trial that caught the guard's error must fail all the same (and at the model that tripped it).
          const violation = pendingViolation();
          if (violation !== undefined) throw violation;
          writeMetrics(result, out, slot * stride, layout);
        }
      } catch (e) {
        failed = true;
        failure = e;
      }
      leaveTrial();
      if (failed) throw trialFailure(simulation, failure, address, `model ${models[slot]}`);
      events += nModels;
    },
  };
}

/** A user's `createKernel` kernel with the determinism guard in place while it runs a trial. */
export function guardKernel(simulation: object, kernel: TrialKernel, models: readonly string[]): TrialKernel {
  const who = `kernel of models ${models.join(", ")}`;
  return {
    get events() {
      return kernel.events;
    },
    runTrial(address: TrialAddress, out: Float64Array): void {
      enterTrial();
      let failed = false;
      let failure: unknown;
      try {
        kernel.runTrial(address, out);
        failure = pendingViolation();
        failed = failure !== undefined;
      } catch (e) {
        failed = true;
        failure = e;
      }
      leaveTrial();
      if (failed) throw trialFailure(simulation, failure, address, who);
    },
  };
}
