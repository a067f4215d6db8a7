// Google credentials without any network: the two ways Application Default Credentials can be
// pointed at a loopback server (google-auth-library ignores `token_uri` in a service-account file,
// see /work/shared/PROVIDERS.md section 7):
// - an STS token endpoint (`POST /token`) for an external-account credential file
//   (`"type": "external_account"`, `"token_url": "<emulator>/token"`, a `credential_source` file
//   holding EMULATOR_CREDENTIALS.google.subjectToken);
// - a GCE metadata server (`GET /computeMetadata/v1/instance/service-accounts/default/token`,
//   header `Metadata-Flavor: Google`), for GCE_METADATA_HOST=<emulator host:port>.
// Both issue random access tokens; Vertex routes accept only `Authorization: Bearer <issued token>`.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { EMULATOR_CREDENTIALS } from "./defaults";
import { randomAlnum, sendJson } from "./util";

const TOKEN_LIFETIME_S = 3599;

export type GoogleAuthRoute = { kind: "sts" } | { kind: "metadata"; path: string };

/** The auth route of a path, or null. */
export function googleAuthRoute(pathname: string): GoogleAuthRoute | null {
  if (pathname === "/token" || pathname === "/v1/token") return { kind: "sts" };
  if (pathname.startsWith("/computeMetadata/v1")) return { kind: "metadata", path: pathname.slice("/computeMetadata/v1".length) };
  return null;
}

/** Access tokens handed out by this emulator instance. */
export class GoogleTokens {
  private readonly issued = new Map<string, number>();

  issue(): { token: string; expiresIn: number } {
    const token = `ya29.emulator-${randomAlnum(40)}`;
    this.issued.set(token, Date.now() + TOKEN_LIFETIME_S * 1000);
    return { token, expiresIn: TOKEN_LIFETIME_S };
  }

  valid(token: string | undefined): boolean {
    if (!token) return false;
    const until = this.issued.get(token);
    return until !== undefined && until > Date.now();
  }

  clear() {
    this.issued.clear();
  }
}

/** Google's error body: `{"error":{"code","message","status"}}`. */
export function googleError(code: number, status: string, message: string, details?: unknown[]) {
  return { error: { code, message, status, ...(details ? { details } : {}) } };
}

const UNAUTHENTICATED =
  "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";

/** null when the request carries a bearer token this emulator issued, else Google's 401. */
export function checkGoogleBearer(headers: IncomingHttpHeaders, tokens: GoogleTokens): { status: number; body: unknown } | null {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? "")?.[1]?.trim();
  if (tokens.valid(bearer)) return null;
  return { status: 401, body: googleError(401, "UNAUTHENTICATED", UNAUTHENTICATED) };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** The STS token exchange and the metadata server. */
export async function handleGoogleAuth(route: GoogleAuthRoute, req: IncomingMessage, res: ServerResponse, tokens: GoogleTokens) {
  const c = EMULATOR_CREDENTIALS.google;
  if (route.kind === "sts") {
    // RFC 8693 token exchange as sts.googleapis.com speaks it (errors in OAuth's shape)
    if (req.method !== "POST") return sendJson(res, 405, {}, { error: "invalid_request", error_description: "POST only" });
    const form = await readForm(req);
    if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:token-exchange") {
      return sendJson(res, 400, {}, { error: "unsupported_grant_type", error_description: "Unsupported grant type." });
    }
    if (form.get("subject_token") !== c.subjectToken) {
      return sendJson(res, 400, {}, { error: "invalid_grant", error_description: "The subject token is invalid or expired." });
    }
    if (form.get("audience") !== c.audience) {
      return sendJson(
        res,
        400,
        {},
        { error: "invalid_target", error_description: "The target service indicated by the audience is invalid." },
      );
    }
    const { token, expiresIn } = tokens.issue();
    return sendJson(
      res,
      200,
      {},
      {
        access_token: token,
        issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
        token_type: "Bearer",
        expires_in: expiresIn,
      },
    );
  }
  // metadata server: every answer carries Metadata-Flavor; requests without it are refused
  const flavor = { "metadata-flavor": "Google" };
  if (req.headers["metadata-flavor"] !== "Google") {
    res.writeHead(403, { ...flavor, "content-type": "text/html" });
    return void res.end("Missing Metadata-Flavor:Google header.");
  }
  if (route.path === "/instance/service-accounts/default/token") {
    const { token, expiresIn } = tokens.issue();
    return sendJson(res, 200, flavor, { access_token: token, expires_in: expiresIn, token_type: "Bearer" });
  }
  if (route.path === "/project/project-id") {
    res.writeHead(200, { ...flavor, "content-type": "application/text" });
    return void res.end(c.project);
  }
  if (route.path === "/instance/service-accounts/default/email") {
    res.writeHead(200, { ...flavor, "content-type": "application/text" });
    return void res.end(`emulator@${c.project}.iam.gserviceaccount.com`);
  }
  if (route.path === "" || route.path === "/" || route.path === "/instance") {
    res.writeHead(200, { ...flavor, "content-type": "application/text" });
    return void res.end("");
  }
  res.writeHead(404, { ...flavor, "content-type": "text/html" });
  res.end("Not Found");
}

/** The external-account credential file's JSON for an emulator at `url` (tests write it to a temp file). */
export function externalAccountCredentials(url: string, subjectTokenFile: string) {
  const c = EMULATOR_CREDENTIALS.google;
  return {
    type: "external_account",
    audience: c.audience,
    subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
    token_url: `${url}/token`,
    credential_source: { file: subjectTokenFile },
  };
}
