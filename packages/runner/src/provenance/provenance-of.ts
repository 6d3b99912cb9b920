import { type Provenance, type ResolvedSpec, STATISTICS_VERSION } from "@mcx/core";
import { buildInfo } from "./build-info.ts";

/** What a run's driver knows about where it ran and what it continues. */
export interface ProvenanceInputs {
  /** Each host that ran shards with its threads (this machine in embedded mode, the workers on a cluster). */
  readonly hosts: Readonly<Provenance["hosts"]>;
  /** The results an extension continues, oldest first. */
  readonly extends?: Readonly<NonNullable<Provenance["extends"]>>;
  /** "sha256:…" of a user simulation's bundle. */
  readonly bundle?: string;
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
    simulation: { name: spec.simulation, ...(inputs.bundle === undefined ? {} : { bundle: inputs.bundle }) },
    spec: spec.source as Record<string, unknown>,
    hosts: [...inputs.hosts],
    ...(inputs.extends === undefined || inputs.extends.length === 0 ? {} : { extends: [...inputs.extends] }),
  };
}
