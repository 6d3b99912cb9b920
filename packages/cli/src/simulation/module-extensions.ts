/** Extensions of a simulation module. */
export const MODULE_EXTENSIONS = [".ts", ".mts", ".js", ".mjs"] as const;
