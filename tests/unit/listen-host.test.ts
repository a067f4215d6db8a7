// Where `npm start` listens (scripts/listen-host.mjs, used by scripts/serve.mjs): local mode stays
// on the loopback interface unless HOSTNAME says otherwise, and then warns.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listenHost, signInEnabled } from "../../scripts/listen-host.mjs";

const oidc = { AUTH_OIDC_ISSUER: "https://idp.example.com", AUTH_OIDC_CLIENT_ID: "juxta", AUTH_OIDC_CLIENT_SECRET: "s" };

describe("listen host", () => {
  it("local mode listens on 127.0.0.1 by default, without a warning", () => {
    expect(listenHost({})).toEqual({ hostname: "127.0.0.1", warning: null });
    expect(listenHost({ HOSTNAME: "  " })).toEqual({ hostname: "127.0.0.1", warning: null });
  });

  it("local mode on another address (HOSTNAME) warns that anyone who can reach it can spend", () => {
    const { hostname, warning } = listenHost({ HOSTNAME: "0.0.0.0" });
    expect(hostname).toBe("0.0.0.0");
    expect(warning).toMatch(
      /local mode \(no sign-in\) is listening on 0\.0\.0\.0.*anyone who can reach it can use the configured provider keys and spend/,
    );
    expect(listenHost({ HOSTNAME: "::1" })).toEqual({ hostname: "::1", warning: null });
    expect(listenHost({ HOSTNAME: "localhost" }).warning).toBeNull();
  });

  it("with sign-in on: HOSTNAME as given, else Next's default (every interface), no warning", () => {
    expect(listenHost(oidc)).toEqual({ hostname: undefined, warning: null });
    expect(listenHost({ ...oidc, HOSTNAME: "10.0.0.5" })).toEqual({ hostname: "10.0.0.5", warning: null });
  });

  it("a sign-in provider counts only with all of its variables, as lib/env.ts reads them", () => {
    expect(signInEnabled({ AUTH_GITHUB_ID: "x" })).toBe(false);
    expect(signInEnabled({ AUTH_GITHUB_ID: "x", AUTH_GITHUB_SECRET: "y" })).toBe(true);
    expect(signInEnabled({ EMAIL_SERVER: "smtp://127.0.0.1:25", EMAIL_FROM: "a@b.c" })).toBe(true);
    expect(listenHost({ AUTH_GITHUB_ID: "x", HOSTNAME: "0.0.0.0" }).warning).not.toBeNull();
  });

  it("serve.mjs passes the address to next start and next dev", () => {
    const source = fs.readFileSync(path.resolve(import.meta.dirname, "../../scripts/serve.mjs"), "utf8");
    expect(source).toMatch(/listenHost\(env\)/);
    expect(source).toMatch(/"start", "-p", port, \.\.\.hostArgs/);
    expect(source).toMatch(/"dev", "-p", port, \.\.\.hostArgs/);
  });
});
