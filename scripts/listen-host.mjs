// Which address `npm start` / `npm run dev` / `npm run demo` listens on. Local mode (no sign-in
// provider configured) has no accounts: whoever reaches the app can spend on its provider keys, so
// it listens on 127.0.0.1 only unless HOSTNAME names another address, and then says what that
// means. With sign-in on, HOSTNAME as given, else every interface (Next's default).

/** The variables that switch a sign-in provider on (all of a group), as lib/env.ts reads them. */
const SIGN_IN_GROUPS = [
  ["AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET"],
  ["AUTH_MICROSOFT_ENTRA_ID_ID", "AUTH_MICROSOFT_ENTRA_ID_SECRET", "AUTH_MICROSOFT_ENTRA_ID_TENANT_ID"],
  ["AUTH_OIDC_ISSUER", "AUTH_OIDC_CLIENT_ID", "AUTH_OIDC_CLIENT_SECRET"],
  ["EMAIL_SERVER", "EMAIL_FROM"],
];

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** True when a sign-in provider is configured (lib/env.ts's `auth.enabled`). */
export function signInEnabled(env) {
  return SIGN_IN_GROUPS.some((group) => group.every((name) => Boolean(env[name]?.trim())));
}

/**
 * `{ hostname, warning }`: the address to pass to `next start -H` (undefined: Next's default, every
 * interface) and the warning to print, if any.
 */
export function listenHost(env) {
  const requested = env.HOSTNAME?.trim() || undefined;
  if (signInEnabled(env)) return { hostname: requested, warning: null };
  if (!requested) return { hostname: "127.0.0.1", warning: null };
  if (LOOPBACK.has(requested.toLowerCase())) return { hostname: requested, warning: null };
  return {
    hostname: requested,
    warning:
      `local mode (no sign-in) is listening on ${requested} (HOSTNAME): anyone who can reach it can use ` +
      "the configured provider keys and spend on them. Configure a sign-in provider (README: Sign-in) " +
      "or unset HOSTNAME to listen on 127.0.0.1 only.",
  };
}
