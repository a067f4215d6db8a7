import type { TestProject } from "vitest/node";
import { createTestDatabase } from "../helpers/test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "postgres" | "pglite";
  }
}

export default async function setup(project: TestProject) {
  const db = await createTestDatabase();
  project.provide("databaseUrl", db.url);
  project.provide("databaseKind", db.kind);
  return () => db.drop();
}
