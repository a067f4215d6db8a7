// Sign-in emails are throttled per address and per client address, so nobody can make the server
// mail one inbox (or many) over and over: at most JUXTA_SIGNIN_EMAILS_PER_ADDRESS links (default
// 3) to one address and JUXTA_SIGNIN_EMAILS_PER_CLIENT (default 10) from one client in
// EMAIL_WINDOW_S, 10 minutes (rate-limiter-flexible on PostgreSQL, shared by every instance). The
// client is the first X-Forwarded-For address (set it at the load balancer), else X-Real-IP.
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { consume } from "@/lib/limits/rate";

export const EMAIL_WINDOW_S = 600;

export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || "unknown";
}

/** Counts one sign-in email; null when it may be sent, else the seconds until one may. */
export async function throttleSignInEmail(
  db: PrismaClient,
  limits: { perAddress: number; perClient: number },
  email: string,
  client: string,
): Promise<number | null> {
  const [byAddress, byClient] = await Promise.all([
    consume(db, "signin-mail", `to:${email.trim().toLowerCase()}`, limits.perAddress, EMAIL_WINDOW_S),
    consume(db, "signin-mail", `from:${client}`, limits.perClient, EMAIL_WINDOW_S),
  ]);
  const waits = [byAddress, byClient].flatMap((r) => (r.ok ? [] : [r.retryAfterS]));
  return waits.length ? Math.max(...waits) : null;
}
