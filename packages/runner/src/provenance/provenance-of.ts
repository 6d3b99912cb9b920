import { type Provenance, type ResolvedSpec, STATISTICS_VERSION } from "@mcx/core";
import { buildInfo } from "./build-info.ts";

/** What a run's driver knows about where it ran and what it continues. */
export interface ProvenanceInputs {
  /** Each host that ran shards with its threads (this machine in embedded mode, the workers on a cluster). */
  readonly hosts: Readonly<Provenance["hosts"]>;
  /** The results an extension continues, oldest first. */
  readonly extends?: Readonly<NonNullable<Provenance["extends"]>>;
}

/** The `provenance` of a result of `spec` merged in this process. */
export function provenanceOf(spec: ResolvedSpec, inputs: ProvenanceInputs): Provenance {
  const build = buildInfo();
  return {
    mcx: {
      version: build.version,
      ...(build.commit === undefined ? {} : { commit: build.commit, dirty: build.dirty ?? false }),
      statistics: STATISTICS_VERSION,
    },
    node: process.version,
    // A user simulation's result names the bundle it ran, so `mcx extend` and `mcx audit` can run those bytes again.
    simulation: { name: spec.simulation, ...(spec.bundle === undefined ? {} : { bundle: spec.bundle }) },
    spec: spec.source as Record<string, unknown>,
    hosts: [...inputs.hosts],
    ...(inputs.extends === undefined || inputs.extends.length === 0 ? {} : { extends: [...inputs.extends] }),
  };
}
