// Page objects and fixtures for the sign-in end-to-end tests (playwright.auth.config.ts).
// The app runs with sign-in on against tests/auth-servers: an OpenID Connect provider whose dev
// login form takes any login ("alice", "bob"), and an SMTP capture read over HTTP.
import { test as base, expect, type Browser, type Page } from "@playwright/test";
import { appUrl, captureUrl, emulatorUrl, oidcIssuer } from "../../playwright.auth.config";
import { Playground } from "../e2e/playground";

export { expect, Playground };

export const OPENAI = "openai:gpt-4o-mini";
export const AZURE = "azure:prod-mini";
export const panes = { openai: "GPT-4o mini · OpenAI", azure: /prod-mini.*Azure OpenAI/ };

/** The accounts tests/auth-servers/cli.ts knows. */
export const people = {
  alice: { login: "alice", email: "alice@example.test", name: "Alice Example" },
  bob: { login: "bob", email: "bob@example.test", name: "Bob Example" },
  carol: { login: "carol", email: "carol@example.test", name: "Carol Example" },
  dan: { login: "dan", email: "dan@example.test", name: "Dan Example" },
} as const;

/** `/signin`, the app's own sign-in page. */
export class SignInPage {
  constructor(readonly page: Page) {}

  async goto(callbackUrl?: string) {
    await this.page.goto(callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin");
    await this.expectShown();
  }

  async expectShown(callbackUrl?: string) {
    await expect(this.page).toHaveURL(callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : /\/signin(\?|$)/);
    await expect(this.page.getByRole("heading", { name: "Sign in to Juxta" })).toBeVisible();
    await expect(this.ssoButton()).toBeVisible();
  }

  ssoButton() {
    return this.page.getByRole("button", { name: "Sign in with Test SSO" });
  }

  emailField() {
    return this.page.getByLabel("Email", { exact: true });
  }

  async sendLink(email: string) {
    await this.emailField().fill(email);
    await this.page.getByRole("button", { name: "Send sign-in link" }).click();
    await expect(this.page).toHaveURL(/\/signin\/check-email/);
    await expect(this.page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  }
}

/** oidc-provider's development login form (any login, any password). */
export class OidcLoginForm {
  constructor(readonly page: Page) {}

  async logIn(login: string) {
    await expect(this.page).toHaveURL(new RegExp(`^${oidcIssuer.replace(/[.]/g, "\\.")}/interaction/`));
    await this.page.getByPlaceholder("Enter any login").fill(login);
    await this.page.getByPlaceholder("and password").fill("any password");
    await this.page.getByRole("button", { name: "Sign-in" }).click();
  }
}

/** The app's header: who is signed in, and Sign out. */
export class AppHeader {
  constructor(readonly page: Page) {}

  banner() {
    return this.page.getByRole("banner");
  }

  async expectSignedInAs(nameOrEmail: string) {
    await expect(this.banner().getByText(nameOrEmail, { exact: true })).toBeVisible();
    await expect(this.banner().getByRole("button", { name: "Sign out" })).toBeVisible();
  }

  async signOut() {
    await this.banner().getByRole("button", { name: "Sign out" }).click();
  }
}

export type CapturedMail = {
  to: string[];
  from: string | null;
  subject: string | null;
  text: string | null;
  html: string | null;
  links: string[];
  date: string;
};

/** The SMTP capture's HTTP side. */
export const mailbox = {
  async messages(to: string): Promise<CapturedMail[]> {
    const res = await fetch(`${captureUrl}/messages?to=${encodeURIComponent(to)}`);
    if (!res.ok) throw new Error(`capture: ${res.status} ${await res.text()}`);
    return res.json();
  },
  /** the newest message to `to` that arrived after `after` ISO time (waits up to timeoutMs) */
  async next(to: string, after: string, timeoutMs = 15_000): Promise<CapturedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const fresh = (await this.messages(to)).filter((m) => m.date > after);
      if (fresh.length) return fresh.at(-1)!;
      if (Date.now() > deadline) throw new Error(`no mail to ${to} arrived within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 150));
    }
  },
};

/** Scripts the provider emulator this app talks to (E2E_AUTH_EMULATOR_PORT). */
export async function emulate(key: string, script: Record<string, unknown> | null) {
  const res = await fetch(`${emulatorUrl}/__emulator/scripts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key, script }),
  });
  if (!res.ok) throw new Error(`emulator script failed: ${res.status} ${await res.text()}`);
}

/** The whole OpenID Connect round trip from the app's sign-in page. */
export async function signInWithSso(page: Page, login: string) {
  const signin = new SignInPage(page);
  await expect(signin.ssoButton()).toBeVisible();
  await signin.ssoButton().click();
  await new OidcLoginForm(page).logIn(login);
  await expect(page).toHaveURL((u) => u.origin === appUrl && !u.pathname.startsWith("/signin") && !u.pathname.startsWith("/api/auth"));
}

/** The whole email-link round trip: ask for a link, read it from the capture, open it. */
export async function signInWithEmail(page: Page, email: string): Promise<CapturedMail> {
  const signin = new SignInPage(page);
  const before = new Date(Date.now() - 1000).toISOString();
  await signin.sendLink(email);
  const mail = await mailbox.next(email, before);
  const link = mail.links.find((l) => l.includes("/api/auth/callback/email"));
  expect(link, `a sign-in link in: ${mail.text}`).toBeTruthy();
  expect(new URL(link!).origin).toBe(appUrl);
  await page.goto(link!);
  await expect(page).toHaveURL((u) => u.origin === appUrl && !u.pathname.startsWith("/signin") && !u.pathname.startsWith("/api/auth"));
  return mail;
}

/** A comparison of two quick emulated models, finished; returns its id. */
export async function makeComparison(page: Page, prompt: string): Promise<string> {
  const pg = new Playground(page);
  await pg.open();
  await pg.chooseModels([OPENAI, AZURE]);
  await pg.compare(prompt);
  for (const name of Object.values(panes)) await expect(pg.pane(name).getByText("Done", { exact: true })).toBeVisible();
  return new URL(page.url()).pathname.split("/").at(-1)!;
}

/** A new browser context signed in as `login` through the OpenID Connect round trip, at `path`. */
export async function signedIn(browser: Browser, login: string, path: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(path);
  await signInWithSso(page, login);
  return page;
}

/** Rates every item of the queue with the keyboard: `keys[i]` for item i. */
export async function rateQueue(page: Page, keys: string[]) {
  const rated = (n: number) => page.getByText(new RegExp(`^${n} of \\d+ rated$`));
  for (const [i, key] of keys.entries()) {
    await expect(page.getByRole("heading", { name: new RegExp(`^Item ${i + 1}\\b`) })).toBeVisible();
    // a key pressed while the item is still loading is ignored: press again until it counts (never twice)
    await expect(async () => {
      if (await rated(i + 1).isVisible()) return;
      await page.keyboard.press(key);
      await expect(rated(i + 1)).toBeVisible({ timeout: 3000 });
    }).toPass({ timeout: 30_000 });
  }
  await expect(page.getByText("All done")).toBeVisible();
}

type Fixtures = {
  signin: SignInPage;
  header: AppHeader;
  /** a second, separate browser (own cookies) for another person */
  otherPage: Page;
};

export const test = base.extend<Fixtures>({
  signin: async ({ page }, use) => use(new SignInPage(page)),
  header: async ({ page }, use) => use(new AppHeader(page)),
  otherPage: async ({ browser }, use) => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await use(page);
    await context.close();
  },
});

test.beforeEach(async () => {
  await fetch(`${emulatorUrl}/__emulator/reset`, { method: "POST" });
  await emulate(OPENAI, { ttftMs: 100, tokensPerSecond: 300 });
  await emulate(AZURE, { ttftMs: 150, tokensPerSecond: 300 });
});

function newContext(browser: Browser) {
  return browser.newContext({ baseURL: appUrl, viewport: { width: 1440, height: 900 } });
}
