// Who may read GET /api/metrics: whoever sends `Authorization: Bearer <JUXTA_METRICS_TOKEN>`.
// Without JUXTA_METRICS_TOKEN the route does not exist (404), so metrics are never exposed by default.
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Throws 404 when metrics are off, 401 when the bearer token is missing or wrong. */
export function authorizeMetricsOrThrow(request: Request): void {
  const expected = getEnv().observability.metricsToken;
  if (!expected) throw new AppError("not_found", "Not found.");
  const sent = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  // compared as digests: constant time, whatever the lengths
  if (!sent || !timingSafeEqual(digest(sent), digest(expected))) {
    throw new AppError("unauthorized", "The metrics need Authorization: Bearer <JUXTA_METRICS_TOKEN>.");
  }
}
