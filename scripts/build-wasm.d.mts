// Types of build-wasm.mjs for the TypeScript test that imports it (test/rng/philox-batch.test.ts).
export function assemblePhiloxWasm(): Promise<Uint8Array>;
export function philoxWasmSource(bytes: Uint8Array): string;
