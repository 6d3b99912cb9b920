import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// What `mcx init NAME` writes: a simulation module with closed forms to check it against, a spec that runs it,
// and a tsconfig.json that gives editors the SDK's types without an npm install next to the module.

/** A file of the scaffold, relative to its directory. */
export interface ScaffoldFile {
  readonly path: string;
  readonly text: string;
}

function moduleText(name: string): string {
  return `// ${name}: written by \`mcx init\`; replace the model with yours (docs/simulations.md has the contract).
// Each of \`tasks\` tasks takes an Exp(rate) time. Run in parallel, all are done after the longest one:
// E[done] = H_n / rate (H_n the n-th harmonic number). Run one after another: E[done] = n / rate.
// Both models read the same task times (common random numbers), so their paired difference is tight.
import { defineSimulation, z } from "@mcx/sdk";

export default defineSimulation({
  name: ${JSON.stringify(name)},
  description: "time until every task is done, run in parallel or one after another",
  params: z.object({
    tasks: z.int().min(1).max(10_000).default(8).meta({ description: "tasks per trial" }),
    rate: z.number().positive().default(1).meta({ description: "completion rate of one task (1/s)" }),
    deadline: z.number().nonnegative().default(5).meta({ description: "a trial is late when done > deadline (s)" }),
  }),
  models: [
    { name: "parallel", description: "all tasks at once: done after the longest" },
    { name: "sequential", description: "one task after another: done after their sum" },
  ],
  metrics: {
    done: { kind: "continuous", unit: "s", description: "time until every task is done" },
    late: { kind: "proportion", description: "done > deadline" },
  },
  trial({ rng, params, model }) {
    let done = 0;
    for (let i = 0; i < params.tasks; i++) {
      const t = rng.exponential(params.rate);
      done = model === "parallel" ? Math.max(done, t) : done + t;
    }
    return { done, late: done > params.deadline };
  },
});
`;
}

function specText(name: string): string {
  return `# ${name}: a user simulation written by mcx init (the module is ./${name}.ts)
name: ${name}
simulation: ./${name}.ts
seed: 1
trials: 10000
params:
  tasks: 8
`;
}

/** The type declarations beside a module file: `x.d.ts` for `x.js` (or `x.d.cts` for `x.cjs`). */
function declarationsOf(file: string): string {
  const dts = file.replace(/\.c?js$/, ".d.ts");
  return existsSync(dts) ? dts : file.replace(/\.c?js$/, ".d.cts");
}

/** tsconfig.json for editors: `@mcx/sdk` and `zod` are this mcx's (absolute paths into its installation). */
function tsconfigText(): string {
  const sdkFile = fileURLToPath(import.meta.resolve("@mcx/sdk"));
  const sdk = declarationsOf(sdkFile);
  // zod as the SDK resolves it: the one instance the runtime validates with.
  const zod = declarationsOf(join(dirname(createRequire(sdkFile).resolve("zod")), "index.js"));
  const config = {
    compilerOptions: {
      target: "ES2023",
      lib: ["ES2023"],
      module: "ESNext",
      moduleResolution: "Bundler",
      allowImportingTsExtensions: true,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      paths: { "@mcx/sdk": [sdk], zod: [zod] },
    },
    include: ["**/*.ts", "**/*.mts"],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** The files of a new simulation called `name`, for a directory of that name. */
export function scaffoldFiles(name: string): readonly ScaffoldFile[] {
  return [
    { path: `${name}.ts`, text: moduleText(name) },
    { path: `${name}.yaml`, text: specText(name) },
    { path: "tsconfig.json", text: tsconfigText() },
  ];
}
