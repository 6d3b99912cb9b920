import { z } from "zod";

/**
 * Version of the statistics: raise it with every change that can change a digest for the same spec (a kernel, the
 * generator, the merge, an estimator, the layout). `mcx extend` refuses a result of another statistics version, since
 * its stored blocks would not be what this build computes. test/result/statistics-version.test.ts pins it to digests.
 */
export const STATISTICS_VERSION = 2;

/**
 * What produced a result (`provenance`): the build, the runtime, the simulation's code, the spec as resolved, where it
 * ran, and the results it extends. Outside the digest, which covers the statistics only.
 */
export const ProvenanceSchema = z.strictObject({
  mcx: z.strictObject({
    version: z.string(),
    /** Git commit of the build, when it ran from a checkout. */
    commit: z.string().optional(),
    /** The checkout had uncommitted changes. */
    dirty: z.boolean().optional(),
    /** `STATISTICS_VERSION` of the build. */
    statistics: z.int().positive(),
  }),
  /** `process.version` of the process that merged the result. */
  node: z.string(),
  simulation: z.strictObject({
    name: z.string(),
    /** "sha256:…" of a user simulation's bundle; absent for a built-in simulation (its code is this build's). */
    bundle: z.string().optional(),
  }),
  /** The spec with every default filled in (it resolves to `specHash`). */
  spec: z.record(z.string(), z.unknown()),
  /** Where the shards ran: each host (a worker, or this machine) with its threads. */
  hosts: z.array(z.strictObject({ host: z.string(), threads: z.int().nonnegative() })),
  /** The results this one continues (`mcx extend`), oldest first. */
  extends: z
    .array(
      z.strictObject({
        runId: z.string(),
        digest: z.string(),
        specHash: z.string(),
        trials: z.int().nonnegative(),
      }),
    )
    .optional(),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;
