// Runs once when the server starts (Node.js runtime only):
// - warm up every configured provider: its package's code, response parsing and credentials run
//   once on a canned, offline answer, so the first comparison after a start is not slower
//   (lib/calls/warm-up.ts);
// - start this instance's heartbeat and the sweeper of interrupted answers, and connect the live
//   transport (Redis when REDIS_URL is set; lib/live);
// - start the evaluation-run workers of this app process (JUXTA_EVAL_WORKERS=0 turns them off).
// - start the evaluation-run workers of this app process (JUXTA_EVAL_WORKERS=0 turns them off);
// - with OTEL_EXPORTER_OTLP_ENDPOINT set, export traces of provider calls (lib/observability/tracing.ts;
//   without it the OpenTelemetry SDK is never loaded).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const [{ warmUpProviders }, { getEnv }, { log }] = await Promise.all([
    import("@/lib/calls/warm-up"),
    import("@/lib/env"),
    import("@/lib/observability/log"),
    import("@/lib/compare/service"),
  ]);
  const env = getEnv();
  const { otlpEndpoint, serviceName } = env.observability;
  if (otlpEndpoint) {
    const { startTracing } = await import("@/lib/observability/tracing");
    await startTracing(otlpEndpoint, serviceName);
    log.info("tracing provider calls", { otlpEndpoint });
  }
  // JUXTA_WARM_UP=0 skips it (bench/first-call.ts measures the difference)
  if (env.warmUp) {
    const started = performance.now();
    const { warmed, failed } = await warmUpProviders(env);
    for (const f of failed) log.error(`could not prepare ${f.model}`, { error: f.error });
    if (warmed.length) log.info(`providers ready (${warmed.join(", ")})`, { ms: Math.round(performance.now() - started) });
  }
  // rule tags of rows stored before the categories (or an older rules version): not awaited, and
  // re-run before any category is listed or filtered (lib/categories/backfill.ts)
  const { backfillRuleTags } = await import("@/lib/categories/backfill");
  backfillRuleTags().catch((error: unknown) => log.error("could not tag prompts by rule", { error }));
  // this instance's heartbeat, the sweeper of answers of stopped instances, and (REDIS_URL) the
  // live transport's control messages (lib/live)
  const [{ getDb }, { getLive }, { startInstance }, { startLive }] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/live"),
    import("@/lib/live/instances"),
    import("@/lib/live/runs"),
  ]);
  startLive(getLive(env));
  await startInstance(getDb(), getLive(env)).catch((error: unknown) => log.error("could not start the heartbeat", { error }));
  const { startAppEvalWorkers } = await import("@/lib/evals/run/process");
  // not awaited: the app serves requests even while the queue starts (or cannot reach the database)
  void startAppEvalWorkers();
}
