import { z } from "zod";
import { McxError, McxErrorCode, SpecError } from "../errors.ts";
import type { Simulation, TrialKernel } from "./types.ts";

/**
 * What a simulation declares, without its code: name, models, metrics and which metrics are compared. Enough to lay
 * out and merge its statistics (`createLayout`), so the coordinator can merge a user simulation's shards without
 * ever loading the bundle that computes them. JSON-safe: `mcx submit` sends it with the spec.
 */
export type SimulationShape = Pick<
  Simulation,
  "name" | "description" | "models" | "metrics" | "comparisonMetrics" | "summaryMetrics"
>;

/** The shape of a simulation (what `simulationFromShape` turns back into a mergeable simulation). */
export function shapeOf(simulation: Simulation): SimulationShape {
  return {
    name: simulation.name,
    description: simulation.description,
    models: simulation.models.map((m) => ({ name: m.name, description: m.description, metrics: [...m.metrics] })),
    metrics: simulation.metrics.map((m) => ({ ...m })),
    comparisonMetrics: [...simulation.comparisonMetrics],
    ...(simulation.summaryMetrics === undefined ? {} : { summaryMetrics: [...simulation.summaryMetrics] }),
  };
}

function invalid(path: string, message: string): never {
  throw new SpecError(McxErrorCode.SPEC_INVALID, path, message);
}

function checkShape(shape: SimulationShape): void {
  const metrics = new Map(shape.metrics.map((m) => [m.name, m.kind]));
  if (metrics.size !== shape.metrics.length) invalid("simulation.metrics", "simulation.metrics must not repeat a name");
  if (new Set(shape.models.map((m) => m.name)).size !== shape.models.length) {
    invalid("simulation.models", "simulation.models must not repeat a name");
  }
  shape.models.forEach((model, i) => {
    const unknown = model.metrics.find((m) => !metrics.has(m));
    if (unknown !== undefined) {
      invalid(`simulation.models[${i}].metrics`, `simulation.models[${i}].metrics names no metric (got "${unknown}")`);
    }
  });
  const notContinuous = shape.comparisonMetrics.find((m) => metrics.get(m) !== "continuous");
  if (notContinuous !== undefined) {
    invalid(
      "simulation.comparisonMetrics",
      `simulation.comparisonMetrics must name continuous metrics (got "${notContinuous}")`,
    );
  }
}

/**
 * A simulation made of a shape alone: it merges and reports like the simulation it came from, and never runs a
 * trial (its parameters are taken as resolved; `createKernel` throws MCX_INTERNAL).
 * @throws SpecError MCX_SPEC_INVALID when the shape contradicts itself (a model with an unknown metric, …)
 */
export function simulationFromShape(shape: SimulationShape): Simulation {
  checkShape(shape);
  return Object.freeze({
    ...shape,
    params: z.record(z.string(), z.unknown()),
    createKernel(): TrialKernel {
      throw new McxError(
        McxErrorCode.INTERNAL,
        `${shape.name} is known here by its shape only; its trials run on workers, from its bundle`,
      );
    },
  });
}
