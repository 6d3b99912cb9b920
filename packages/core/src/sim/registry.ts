import { McxErrorCode, SpecError } from "../errors.ts";
import { didYouMeanSuffix } from "../spec/did-you-mean.ts";
import { livepatch } from "./livepatch/index.ts";
import { rendezvous } from "./rendezvous/index.ts";
import type { Simulation } from "./types.ts";

const simulations: ReadonlyMap<string, Simulation> = new Map<string, Simulation>(
  [livepatch as Simulation, rendezvous as Simulation].map((s) => [s.name, s]),
);

/** Every registered simulation, in registration order. */
export function listSimulations(): readonly Simulation[] {
  return [...simulations.values()];
}

/**
 * The registered simulation called `name`.
 * @throws SpecError MCX_UNKNOWN_SIMULATION, with a "did you mean" when a name is close
 */
export function getSimulation(name: string, path = "spec.simulation"): Simulation {
  const sim = simulations.get(name);
  if (sim === undefined) {
    throw new SpecError(
      McxErrorCode.UNKNOWN_SIMULATION,
      path,
      `${path} must be one of ${[...simulations.keys()].join(", ")} (got "${name}")${didYouMeanSuffix(name, simulations.keys())}`,
    );
  }
  return sim;
}
