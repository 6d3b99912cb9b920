import { z } from "zod";

// Field builders of the livepatch parameter schema: each carries its default and its description (§P).

export const MAX_RATE = 1e9;
export const MAX_SECONDS = 1e7;

export function prob(def: number, description: string) {
  return z.number().min(0).max(1).default(def).meta({ description });
}
export function optionalProb(description: string) {
  return z.number().min(0).max(1).optional().meta({ description });
}
export function rate(def: number, description: string) {
  return z.number().min(0).max(MAX_RATE).default(def).meta({ description });
}
export function seconds(def: number, description: string) {
  return z.number().positive().max(MAX_SECONDS).default(def).meta({ description });
}
/** A time limit, s, that null switches off. */
export function timeLimit(def: number, description: string) {
  return z.number().positive().max(MAX_SECONDS).nullable().default(def).meta({ description });
}
export function delay(def: number, description: string) {
  return z.number().min(0).max(MAX_SECONDS).default(def).meta({ description });
}
export function count(def: number, max: number, description: string) {
  return z.int().min(0).max(max).default(def).meta({ description });
}
export function flag(def: boolean, description: string) {
  return z.boolean().default(def).meta({ description });
}
