import { getDb } from "@/lib/db";
import { endpoint, otherMethods } from "@/lib/http/route";
import { readiness } from "@/lib/ops/ready";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

// GET /api/ready: the database answers and every migration is applied: 200 {"status":"ready"}; else
// 503 {"status":"not_ready","database","migrations","missingMigrations","error":{...}} (no auth)
export const GET = endpoint({ auth: "none" }, async () => {
  const r = await readiness(getDb());
  if (r.ready) return Response.json({ status: "ready", database: "ok", migrations: "ok" }, { headers: noStore });
  const error =
    r.database === "unreachable"
      ? { code: "database_unavailable", message: "The database does not answer.", field: null }
      : {
          code: "migrations_pending",
          message: `${r.missingMigrations.length} migration(s) are not applied: run \`npm run db:migrate\` (npm start applies them).`,
          field: null,
        };
  return Response.json({ status: "not_ready", ...r, ready: undefined, error }, { status: 503, headers: noStore });
});

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });
