import type { ProbeSuite } from "../types";
export const BUILTIN_SUITE_VERSION = "builtin@1";
export function builtinSuite(): ProbeSuite {
  return { id: "builtin", name: "Built-in probes", version: BUILTIN_SUITE_VERSION, items: [] };
}
