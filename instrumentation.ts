// Runs once when the server starts (Node.js runtime only):
// - warm up every configured provider: its package's code, response parsing and credentials run
//   once on a canned, offline answer, so the first comparison after a start is not slower
//   (lib/calls/warm-up.ts);
// - start this instance's heartbeat and the sweeper of interrupted answers, and connect the live
//   transport (Redis when REDIS_URL is set; lib/live);
// - start the evaluation-run workers of this app process (JUXTA_EVAL_WORKERS=0 turns them off).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const [{ warmUpProviders }, { getEnv }] = await Promise.all([
    import("@/lib/calls/warm-up"),
    import("@/lib/env"),
    import("@/lib/compare/service"),
  ]);
  // JUXTA_WARM_UP=0 skips it (bench/first-call.ts measures the difference)
  const env = getEnv();
  if (env.warmUp) {
    const started = performance.now();
    const { warmed, failed } = await warmUpProviders(env);
    for (const f of failed) console.error(`[juxta] could not prepare ${f.model}: ${f.error}`);
    if (warmed.length) console.log(`[juxta] providers ready (${warmed.join(", ")}) in ${Math.round(performance.now() - started)} ms`);
  }
  // rule tags of rows stored before the categories (or an older rules version): not awaited, and
  // re-run before any category is listed or filtered (lib/categories/backfill.ts)
  const { backfillRuleTags } = await import("@/lib/categories/backfill");
  backfillRuleTags().catch((error: unknown) => console.error("[juxta] could not tag prompts by rule", error));
  // this instance's heartbeat, the sweeper of answers of stopped instances, and (REDIS_URL) the
  // live transport's control messages (lib/live)
  const [{ getDb }, { getLive }, { startInstance }, { startLive }] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/live"),
    import("@/lib/live/instances"),
    import("@/lib/live/runs"),
  ]);
  startLive(getLive(env));
  await startInstance(getDb(), getLive(env)).catch((error: unknown) => console.error("[juxta] could not start the heartbeat", error));
  const { startAppEvalWorkers } = await import("@/lib/evals/run/process");
  // not awaited: the app serves requests even while the queue starts (or cannot reach the database)
  void startAppEvalWorkers();
}
