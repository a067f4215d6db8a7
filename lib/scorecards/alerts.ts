// Drift alerts: each drift a run finds becomes a ScorecardAlert, and is delivered to the bell
// (a Notification for everyone who can read the scorecard), by email through the sign-in SMTP
// (EMAIL_SERVER / EMAIL_FROM; skipped quietly without it) and to the scorecard's webhooks: a JSON
// POST whose `text` field chat tools (Slack, Teams, Discord-style) show as the message, plus
// structured fields, each with the link to the evidence. Webhooks: http(s) only, a timeout, two
// retries on network errors / 429 / 5xx, redirects followed only to the same origin, and the
// outcome recorded per target (by origin: the URL itself may carry a token and is never logged).
import "server-only";
import { createTransport } from "nodemailer";
import type { Env } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { notifyUsers } from "@/lib/notifications/service";
import { readersOf } from "./access";
import type { DeploymentSnapshot } from "./schema";
import { openWebhooks, webhookLabel } from "./secrets";
import type { Drift } from "./types";

export type Delivery = {
  channel: "app" | "email" | "webhook";
  /** app: number of people; email: number of addresses; webhook: the origin only */
  target: string;
  status: "sent" | "failed" | "skipped";
  attempts?: number;
  httpStatus?: number | null;
  error?: string;
};

export const WEBHOOK_TIMEOUT_MS = 5000;
export const WEBHOOK_RETRIES = 2;

/** The public origin links point at: NEXTAUTH_URL, else the origin given (a request's), else localhost. */
export function linkBase(env: Env, origin?: string): string {
  return (env.auth.url ?? origin ?? `http://localhost:${env.port ?? 3000}`).replace(/\/+$/, "");
}

export const evidencePath = (scorecardId: string, runId: string) => `/scorecards/${scorecardId}?run=${runId}`;

/** The JSON a webhook receives. */
export type WebhookPayload = {
  text: string;
  kind: "scorecard.drift";
  scorecard: { id: string; name: string };
  run: { id: string };
  drifts: (Drift & { deploymentLabel: string })[];
  evidenceUrl: string;
  exportUrl: string;
};

export async function sendDriftAlerts(
  db: PrismaClient,
  input: { scorecardId: string; runId: string; drifts: Drift[] },
  deps: { env: Env; origin?: string; fetch?: typeof fetch },
): Promise<Delivery[]> {
  const s = await db.scorecard.findUnique({
    where: { id: input.scorecardId },
    select: { id: true, name: true, teamId: true, ownerId: true, deployments: true, alertEmail: true, alertWebhooks: true },
  });
  if (!s || !input.drifts.length) return [];
  const labels = new Map((s.deployments as DeploymentSnapshot[]).map((d) => [d.id, `${d.label} (${d.providerLabel})`]));
  const base = linkBase(deps.env, deps.origin);
  const evidenceUrl = `${base}${evidencePath(s.id, input.runId)}`;
  const exportUrl = `${base}/api/v1/scorecards/${s.id}/runs/${input.runId}/export`;
  const lines = input.drifts.map((d) => `• ${labels.get(d.deploymentId) ?? d.deploymentId}: ${d.text}`);
  const title = `Scorecard "${s.name}": ${input.drifts.length === 1 ? "a drift" : `${input.drifts.length} drifts`} against the baseline`;
  const text = `${title}\n${lines.join("\n")}\nEvidence: ${evidenceUrl}`;

  const alertIds = input.drifts.map(() => newId());
  await db.scorecardAlert.createMany({
    data: input.drifts.map((d, i) => ({
      id: alertIds[i]!,
      scorecardId: s.id,
      runId: input.runId,
      deploymentId: d.deploymentId,
      metric: d.metric,
      text: d.text,
      drift: d as object,
    })),
  });

  const deliveries: Delivery[] = [];
  const readers = await readersOf(s, db);
  const notified = await notifyUsers(
    readers,
    { kind: "scorecard.drift", title, body: lines.join("\n"), href: evidencePath(s.id, input.runId) },
    { db },
  );
  deliveries.push({ channel: "app", target: `${notified} people`, status: "sent" });

  if (s.alertEmail) deliveries.push(await sendEmail(db, readers, { subject: title, text }, deps.env));

  const payload: WebhookPayload = {
    text,
    kind: "scorecard.drift",
    scorecard: { id: s.id, name: s.name },
    run: { id: input.runId },
    drifts: input.drifts.map((d) => ({ ...d, deploymentLabel: labels.get(d.deploymentId) ?? d.deploymentId })),
    evidenceUrl,
    exportUrl,
  };
  for (const url of openWebhooks(s.alertWebhooks, deps.env)) deliveries.push(await postWebhook(url, payload, deps.fetch ?? fetch));

  await db.scorecardAlert.updateMany({ where: { id: { in: alertIds } }, data: { deliveries: deliveries as object[] } });
  return deliveries;
}

async function sendEmail(db: PrismaClient, userIds: string[], mail: { subject: string; text: string }, env: Env): Promise<Delivery> {
  const smtp = env.auth.email;
  if (!smtp) return { channel: "email", target: "0 addresses", status: "skipped", error: "no SMTP server configured (EMAIL_SERVER)" };
  const users = await db.user.findMany({ where: { id: { in: userIds }, email: { not: null } }, select: { email: true } });
  const to = users.map((u) => u.email!).filter(Boolean);
  if (!to.length) return { channel: "email", target: "0 addresses", status: "skipped", error: "nobody to write to has an email address" };
  try {
    const transport = createTransport({ url: smtp.server, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    // one message per person: addresses are not shared between readers
    for (const address of to) await transport.sendMail({ to: address, from: smtp.from, subject: mail.subject, text: mail.text });
    return { channel: "email", target: `${to.length} addresses`, status: "sent" };
  } catch (error) {
    console.error("[juxta] could not send a drift alert mail:", error instanceof Error ? error.message : error);
    return { channel: "email", target: `${to.length} addresses`, status: "failed", error: "the SMTP server refused or was unreachable" };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** POSTs the payload: timeout, retries with backoff, same-origin redirects only. Never throws. */
export async function postWebhook(url: string, payload: unknown, fetchImpl: typeof fetch = fetch): Promise<Delivery> {
  const target = webhookLabel(url);
  let attempts = 0;
  let last: Delivery = { channel: "webhook", target, status: "failed", attempts: 0, error: "not sent" };
  let start: URL;
  try {
    start = new URL(url);
  } catch {
    return { ...last, error: "not a URL" };
  }
  if (start.protocol !== "http:" && start.protocol !== "https:") return { ...last, error: "only http(s) webhooks are called" };
  const body = JSON.stringify(payload);
  for (let attempt = 0; attempt <= WEBHOOK_RETRIES; attempt++) {
    if (attempt > 0) await sleep(500 * 2 ** (attempt - 1));
    attempts++;
    try {
      let current = start;
      let response: Response | null = null;
      for (let hop = 0; hop < 3; hop++) {
        response = await fetchImpl(current, {
          method: "POST",
          headers: { "content-type": "application/json", "user-agent": "Juxta-Scorecards/1" },
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        });
        if (response.status < 300 || response.status >= 400) break;
        const location = response.headers.get("location");
        const next = location ? new URL(location, current) : null;
        await response.body?.cancel().catch(() => {});
        if (!next || next.origin !== start.origin) {
          return {
            channel: "webhook",
            target,
            status: "failed",
            attempts,
            httpStatus: response.status,
            error: "redirected to another host: not followed",
          };
        }
        current = next;
      }
      if (!response) throw new Error("no response");
      await response.body?.cancel().catch(() => {});
      if (response.ok) return { channel: "webhook", target, status: "sent", attempts, httpStatus: response.status };
      last = { channel: "webhook", target, status: "failed", attempts, httpStatus: response.status, error: `HTTP ${response.status}` };
      if (response.status !== 429 && response.status < 500) return last;
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      last = {
        channel: "webhook",
        target,
        status: "failed",
        attempts,
        httpStatus: null,
        error: timedOut ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s` : "unreachable",
      };
    }
  }
  return last;
}
