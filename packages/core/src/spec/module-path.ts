/**
 * True when a spec's `simulation:` names a module (a path starting with `./`, `../` or `/`) rather than a
 * built-in: the CLI bundles such a module and resolves the spec against it.
 * @example isModulePath("./mm1.ts") // → true; isModulePath("livepatch") // → false
 */
export function isModulePath(simulation: string): boolean {
  return simulation.startsWith("./") || simulation.startsWith("../") || simulation.startsWith("/");
}
