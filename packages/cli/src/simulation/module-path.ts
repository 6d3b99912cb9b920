import { dirname, isAbsolute, join } from "node:path";

/** True when a spec's `simulation:` names a module (a path starting with ./, ../ or /) rather than a built-in. */
export function isModulePath(simulation: string): boolean {
  return simulation.startsWith("./") || simulation.startsWith("../") || isAbsolute(simulation);
}

/** The module a spec's `simulation:` path names: relative paths are relative to the spec file's directory. */
export function modulePathOf(specFile: string, simulation: string): string {
  return isAbsolute(simulation) ? simulation : join(dirname(specFile), simulation);
}
