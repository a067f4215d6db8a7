// tsx tests/auth-servers/cli.ts
// Starts the test OpenID Connect provider and the SMTP capture on fixed loopback ports, plus a small
// HTTP control server so tests in another process can read the captured mail:
//   GET    /health                      -> { ok, issuer, smtp }
//   GET    /messages?to=<email>[&wait=<ms>] -> [{ to, from, subject, text, html, links, date }] oldest first;
//          with wait, answers once at least one message to <email> arrived (404 after the wait)
//   DELETE /messages                    -> forgets every captured message
// Env: OIDC_PORT (4330), SMTP_PORT (4331), CAPTURE_PORT (4332), OIDC_CLIENT_ID / OIDC_CLIENT_SECRET
// (else AUTH_OIDC_CLIENT_ID / AUTH_OIDC_CLIENT_SECRET, else juxta-e2e / a fixed test secret),
// OIDC_REDIRECT_URIS (comma-separated; else NEXTAUTH_URL + /api/auth/callback/oidc).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { startOidcProvider, type OidcAccount } from "./oidc";
import { startSmtpCapture, type CapturedMail } from "./smtp";

/** The people the test provider knows; the dev login form's login is the key. */
export const TEST_ACCOUNTS: Record<string, OidcAccount> = {
  alice: { email: "alice@example.test", name: "Alice Example" },
  bob: { email: "bob@example.test", name: "Bob Example" },
  // the evaluation end-to-end test's own people, so it changes nothing the sign-in tests expect
  carol: { email: "carol@example.test", name: "Carol Example" },
  dan: { email: "dan@example.test", name: "Dan Example" },
};

const port = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 0 || v > 65535) throw new Error(`invalid ${name}`);
  return v;
};

const clientId = process.env.OIDC_CLIENT_ID ?? process.env.AUTH_OIDC_CLIENT_ID ?? "juxta-e2e";
const clientSecret = process.env.OIDC_CLIENT_SECRET ?? process.env.AUTH_OIDC_CLIENT_SECRET ?? "juxta-e2e-oidc-client-secret";
const appUrl = (process.env.NEXTAUTH_URL ?? "http://127.0.0.1:3320").replace(/\/+$/, "");
const redirectUris = process.env.OIDC_REDIRECT_URIS?.split(",")
  .map((s) => s.trim())
  .filter(Boolean) ?? [`${appUrl}/api/auth/callback/oidc`];

const oidc = await startOidcProvider({
  port: port("OIDC_PORT", 4330),
  clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: redirectUris }],
  accounts: TEST_ACCOUNTS,
});
const smtp = await startSmtpCapture({ port: port("SMTP_PORT", 4331), log: true });

const links = (m: CapturedMail) => [...new Set([...(m.text ?? "").matchAll(/https?:\/\/[^\s"'<>]+/g)].map((x) => x[0]))];
const toJson = (m: CapturedMail) => ({
  to: m.envelopeTo,
  from: m.from?.text ?? null,
  subject: m.subject ?? null,
  text: m.text ?? null,
  html: typeof m.html === "string" ? m.html : null,
  links: links(m),
  date: new Date(m.receivedAt).toISOString(),
});

const send = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
};

const control = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  try {
    if (req.method === "GET" && url.pathname === "/health")
      return send(res, 200, { ok: true, issuer: oidc.issuer, smtp: smtp.url, logins: oidc.logins });
    if (url.pathname === "/messages" && req.method === "DELETE") {
      smtp.clear();
      return send(res, 200, { ok: true });
    }
    if (url.pathname === "/messages" && req.method === "GET") {
      const to = url.searchParams.get("to");
      const wait = Number(url.searchParams.get("wait") ?? 0);
      if (to && wait > 0) {
        try {
          await smtp.waitForMessage(to, Math.min(wait, 60_000));
        } catch (error) {
          return send(res, 404, { error: (error as Error).message });
        }
      }
      return send(res, 200, (to ? smtp.messagesTo(to) : smtp.messages).map(toJson));
    }
    send(res, 404, { error: "not found" });
  } catch (error) {
    send(res, 500, { error: String(error) });
  }
});
await new Promise<void>((resolve, reject) => {
  control.once("error", reject);
  control.listen(port("CAPTURE_PORT", 4332), "127.0.0.1", () => resolve());
});
const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;

process.stdout.write(
  [
    `auth test servers ready`,
    `  OIDC     issuer ${oidc.issuer}  client ${clientId}  redirect ${redirectUris.join(", ")}`,
    `           logins: ${Object.keys(TEST_ACCOUNTS).join(", ")} (any password)`,
    `  SMTP     ${smtp.url}`,
    `  capture  ${controlUrl}/messages?to=<email>`,
    "",
  ].join("\n"),
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  control.closeAllConnections();
  await Promise.all([oidc.close(), smtp.close(), new Promise((r) => control.close(r))]);
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
