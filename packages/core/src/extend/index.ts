export { checkExtension } from "./check-extension.ts";
export { extendedSpec, type SpecChange } from "./extend-spec.ts";
