// Post-build step of `pnpm build` (after tsc -b): bundles the built entries of @mcx/core and @mcx/protocol, each with
// its third-party dependencies inlined (zod, yaml, @stdlib, fastest-levenshtein, cron-parser), into the package's
// dist/bundle/, which is what its package.json "default" conditions load. Other @mcx packages stay external.
// Why: loading them file by file meant ~600 modules (the @stdlib distributions ~400, zod with every locale ~100),
// 0.3–0.5 s of module resolution before `mcx run` could start its first shard, in the CLI and again in every pool
// thread; one file per entry loads in a fraction of that (bench/startup.mjs). A package's entries share chunks, so
// each class (McxError, SpecError …) exists once in a process. zod is inlined in both packages: two copies of zod
// in one process work together (a schema of one may sit inside an object of the other), and neither package then
// pays for zod's hundred files. Tests import the packages from src (the "@mcx/source" condition), never from here.
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { rolldown } from "rolldown";

const packages = {
  core: { index: "index.js", spec: "spec/index.js", shard: "shard.js", plan: "plan.js", errors: "errors.js" },
  protocol: { index: "index.js", error: "error-codec.js" },
};

for (const [name, entries] of Object.entries(packages)) {
  const dist = fileURLToPath(new URL(`../packages/${name}/dist/`, import.meta.url));
  rmSync(`${dist}bundle`, { recursive: true, force: true });
  const bundle = await rolldown({
    input: Object.fromEntries(Object.entries(entries).map(([entry, file]) => [entry, `${dist}${file}`])),
    platform: "node",
    external: [/^node:/, /^@mcx\//],
    logLevel: "warn",
  });
  await bundle.write({
    dir: `${dist}bundle`,
    format: "esm",
    entryFileNames: "[name].js",
    chunkFileNames: "[name]-[hash].js",
    comments: { legal: true, annotation: false, jsdoc: false },
    sourcemap: true,
  });
  await bundle.close();
}
