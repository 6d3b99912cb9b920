import { McxErrorCode, SpecError } from "../errors.ts";
import { didYouMeanSuffix } from "../spec/did-you-mean.ts";
import { isModulePath } from "../spec/module-path.ts";
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
 * @throws SpecError MCX_UNKNOWN_SIMULATION, with a "did you mean" when a name is close, or saying that a module
 *   path (`./mm1.ts`) is for the CLI to bundle
 */
export function getSimulation(name: string, path = "spec.simulation"): Simulation {
  const sim = simulations.get(name);
  if (sim === undefined && isModulePath(name)) {
    throw new SpecError(
      McxErrorCode.UNKNOWN_SIMULATION,
      path,
      `${path} names a simulation module (${name}), which only the mcx CLI loads: mcx run, validate and submit bundle it`,
      { hint: "run the spec with mcx run, or send it with mcx submit (which uploads the bundle)" },
    );
  }
  if (sim === undefined) {
    throw new SpecError(
      McxErrorCode.UNKNOWN_SIMULATION,
      path,
      `${path} must be one of ${[...simulations.keys()].join(", ")} (got "${name}")${didYouMeanSuffix(name, simulations.keys())}`,
    );
  }
  return sim;
}
