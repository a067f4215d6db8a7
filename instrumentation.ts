// Runs once when the server starts (Node.js runtime only):
// - load the compare engine and the provider packages now, so the first comparison after a start
//   does not pay for loading them in its time to first token;
// - start the evaluation-run workers of this app process (JUXTA_EVAL_WORKERS=0 turns them off).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ getCatalog, getLanguageModel }] = await Promise.all([import("@/lib/providers"), import("@/lib/compare/service")]);
  for (const model of getCatalog()) {
    try {
      if (model.available) getLanguageModel(model);
    } catch (error) {
      console.error(`[juxta] could not prepare ${model.id}`, error);
    }
  }
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startAppEvalWorkers } = await import("@/lib/evals/run/process");
  // not awaited: the app serves requests even while the queue starts (or cannot reach the database)
  void startAppEvalWorkers();
}
