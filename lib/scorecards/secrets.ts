// Webhook URLs may carry tokens (Slack, Teams and Discord put the secret in the path), so they are
// stored encrypted (AES-256-GCM, key derived from AUTH_SECRET / NEXTAUTH_SECRET) and never logged;
// the API and the pages show only their host. Without a server secret (local single-user mode)
// the key is derived from a fixed label: the column is still not readable at a glance, but only
// a server secret makes it confidential.
import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import type { Env } from "@/lib/env";

function keyOf(env: Env): Buffer {
  return createHash("sha256")
    .update(`juxta-scorecard-webhooks:${env.auth.secret ?? "local"}`)
    .digest();
}

/** The URLs as one encrypted string ("v1.<iv>.<tag>.<data>", base64url), or null for none. */
export function sealWebhooks(urls: string[], env: Env): string | null {
  if (!urls.length) return null;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(env), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(urls), "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

/** The URLs back; [] when none or when the secret changed (they cannot be read any more). */
export function openWebhooks(sealed: string | null, env: Env): string[] {
  if (!sealed) return [];
  const [v, iv, tag, data] = sealed.split(".");
  if (v !== "v1" || !iv || !tag || !data) return [];
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyOf(env), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const text = Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
    const urls: unknown = JSON.parse(text);
    return Array.isArray(urls) ? urls.filter((u): u is string => typeof u === "string") : [];
  } catch {
    return [];
  }
}

/** What a page or a log may show of a webhook: its origin only ("https://hooks.slack.com"). */
export function webhookLabel(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(invalid URL)";
  }
}
