// The persistence scenario once more on the embedded PGlite database that `npm start` uses by
// default (the other integration tests use the real PostgreSQL when TEST_DATABASE_URL is set).
import { afterAll, beforeAll, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { startHarness, type Harness } from "../helpers/compare-harness";
import { streamedComparisonIsPersistedWhole } from "./compare-scenario";

let database: TestDatabase;
let h: Harness;
beforeAll(async () => {
  database = await createTestDatabase({ preferPglite: true });
  h = await startHarness(database.url);
});
afterAll(async () => {
  await h?.close();
  await database?.drop();
});

it("stores a streamed comparison whole on PGlite", async () => {
  await streamedComparisonIsPersistedWhole(h);
});
