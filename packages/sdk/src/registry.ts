// What the SDK knows about the simulations it made: which objects they are (so a loader can tell a simulation
// from a look-alike) and, once a loader attached one, how to map an error's stack to the user's source.

/** Maps a thrown value to `file:line:col` in the user's source, or undefined when no frame of the module is found. */
export type SourceLocator = (error: unknown) => string | undefined;

const made = new WeakSet<object>();
const locators = new WeakMap<object, SourceLocator>();

export function markSimulation(simulation: object): void {
  made.add(simulation);
}

/** True when `value` was made by this SDK's `defineSimulation`. */
export function isSimulation(value: unknown): boolean {
  return typeof value === "object" && value !== null && made.has(value);
}

/** Makes failures of `simulation`'s trials name the user's `file:line:col` (the loader knows the source map). */
export function setSourceLocator(simulation: object, locate: SourceLocator): void {
  locators.set(simulation, locate);
}

export function locateInSource(simulation: object, error: unknown): string | undefined {
  try {
    return locators.get(simulation)?.(error);
  } catch {
    // A location is a courtesy: never let mapping a stack hide the error itself.
    return undefined;
  }
}
