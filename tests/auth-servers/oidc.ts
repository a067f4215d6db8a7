// A real OpenID Connect provider (the `oidc-provider` package) on 127.0.0.1 for sign-in tests.
// Its built-in development login form takes any login; the login names an account in `accounts`
// (login "alice" -> sub "alice"). Consent is granted automatically for the registered clients, so
// the flow is: app -> provider login form -> back to the app's callback.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";

export type OidcClient = { client_id: string; client_secret: string; redirect_uris: string[] };
export type OidcAccount = { email: string; name: string };
export type OidcProviderOptions = {
  port?: number;
  clients: OidcClient[];
  accounts: Record<string, OidcAccount>;
  /** log provider errors to stderr (default true) */
  log?: boolean;
};
export type OidcProviderHandle = {
  /** http://127.0.0.1:PORT, without a trailing slash */
  issuer: string;
  port: number;
  /** logins that completed, oldest first (sub) */
  logins: string[];
  /** lets a caller mount extra routes in front of the provider on the same port */
  use(handler: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>): void;
  close(): Promise<void>;
};

export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcProviderHandle> {
  const log = options.log ?? true;
  const extra: Array<(req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>> = [];
  // eslint-disable-next-line prefer-const -- assigned once the provider exists (below); requests before that get 503
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;

  const server = http.createServer(async (req, res) => {
    try {
      for (const h of extra) if (await h(req, res)) return;
      if (handle) return handle(req, res);
      res.writeHead(503).end("starting");
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;
  const logins: string[] = [];

  // a fresh RS256 signing key per run (next-auth's openid-client expects RS256 ID tokens by default)
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: `test-${randomBytes(4).toString("hex")}`, use: "sig", alg: "RS256" };

  const configuration: Configuration = {
    clients: options.clients.map((c) => ({
      ...c,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(24).toString("hex")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // next-auth (idToken: true) reads the profile from the ID token alone, so put the scope's claims there
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    // PKCE stays required (the default); next-auth sends S256 with checks ["pkce", "state"]
    async findAccount(_ctx, sub) {
      const account = options.accounts[sub];
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, email: account.email, email_verified: true, name: account.name }),
      };
    },
    // first-party test clients: no consent screen, the grant covers the scopes next-auth asks for
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session, result, provider } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) {
        const existing = await provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new provider.Grant({ accountId: session.accountId, clientId: client.clientId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
    ttl: { Session: 3600, Interaction: 600, Grant: 3600, AuthorizationCode: 120, AccessToken: 600, IdToken: 600 },
  };

  const provider = new Provider(issuer, configuration);
  provider.on("authorization_code.saved", (code: unknown) => {
    const sub = (code as { accountId?: string }).accountId;
    if (sub) logins.push(sub);
  });
  if (log) {
    for (const event of ["server_error", "authorization.error", "grant.error", "userinfo.error", "interaction.error"])
      provider.on(event, (_ctx: unknown, error: unknown) => {
        const e = error as { message?: string; error_description?: string };
        process.stderr.write(`[oidc] ${event}: ${e?.message ?? ""} ${e?.error_description ?? ""}\n`);
      });
  }
  handle = provider.callback();

  return {
    issuer,
    port,
    logins,
    use(h) {
      extra.push(h);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
