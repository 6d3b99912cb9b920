import { dirname, isAbsolute, join } from "node:path";

/** The module a spec's `simulation:` path names: relative paths are relative to the spec file's directory. */
export function modulePathOf(specFile: string, simulation: string): string {
  return isAbsolute(simulation) ? simulation : join(dirname(specFile), simulation);
}
