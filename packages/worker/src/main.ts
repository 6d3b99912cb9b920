#!/usr/bin/env node
// The worker process for containers and tests: `node packages/worker/dist/main.js`, settings from the environment
// (see WorkerEnv). `mcx worker` runs the same in the CLI's own process.
import { exitOnError } from "@mcx/lifecycle";
import { runWorkerProcess } from "./process.ts";

await runWorkerProcess(process.env).catch(exitOnError("mcx-worker"));
