// Sign-in switched on: OpenID Connect and email links through a real browser, and what each
// person can see. `npx playwright test -c playwright.auth.config.ts`
import { AppHeader, expect, makeComparison, people, SignInPage, signInWithEmail, signInWithSso, test } from "./fixtures";

test("an anonymous visitor is sent to the sign-in page (screenshots, light and dark)", async ({ page, signin, request }) => {
  await page.goto("/history");
  await signin.expectShown("/history");
  await expect(signin.emailField()).toBeVisible();
  await expect(page.getByRole("button", { name: "Send sign-in link" })).toBeVisible();
  // nobody is signed in: no Sign out in the header
  await expect(page.getByRole("banner").getByRole("button", { name: "Sign out" })).toHaveCount(0);

  await page.goto("/signin");
  const background = () => page.locator("body").evaluate((b) => getComputedStyle(b).backgroundColor);
  await page.emulateMedia({ colorScheme: "light" });
  const light = await background();
  await page.screenshot({ path: "test-results/screens/signin-light.png", animations: "disabled" });
  await page.emulateMedia({ colorScheme: "dark" });
  await expect.poll(background).not.toBe(light); // the dark theme is really on
  await page.screenshot({ path: "test-results/screens/signin-dark.png", animations: "disabled" }); // finishes the color transitions

  // the API answers 401 without a session or token
  const res = await request.get("/api/v1/comparisons");
  expect(res.status()).toBe(401);
});

test("OpenID Connect: sign in as alice, compare, sign out; the comparison is behind sign-in again", async ({ page, signin, header }) => {
  await page.goto("/");
  await signin.expectShown("/");
  await signInWithSso(page, people.alice.login);
  await expect(page).toHaveURL("/");
  await header.expectSignedInAs(people.alice.name);

  const id = await makeComparison(page, "Alice asks: why is the sky blue?");

  await header.signOut();
  await signin.expectShown();
  await expect(page.getByRole("banner").getByText(people.alice.name, { exact: true })).toHaveCount(0);

  await page.goto(`/c/${id}`);
  await signin.expectShown(`/c/${id}`);
});

test("email link: bob gets a link by mail and is signed in by opening it", async ({ page, signin, header }) => {
  await signin.goto("/history");
  const mail = await signInWithEmail(page, people.bob.email);
  expect(mail.to).toContain(people.bob.email);
  expect(mail.from).toContain("juxta@example.test");
  await expect(page).toHaveURL("/history");
  await header.expectSignedInAs(people.bob.email);

  // the link works once
  const link = mail.links.find((l) => l.includes("/api/auth/callback/email"))!;
  await header.signOut();
  await signin.expectShown();
  await page.goto(link);
  await expect(page).toHaveURL(/\/signin\?.*error=Verification/);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("expired or was already used");
});

test("isolation: bob gets a 404 for alice's comparison and does not see it in his history", async ({ page, otherPage, request }) => {
  const prompt = "Alice's private question about tides";
  await page.goto("/");
  await signInWithSso(page, people.alice.login);
  const id = await makeComparison(page, prompt);
  await page.goto("/history");
  await expect(page.getByRole("link", { name: prompt })).toBeVisible();

  const bob = otherPage;
  await new SignInPage(bob).goto("/");
  await signInWithEmail(bob, people.bob.email);
  await new AppHeader(bob).expectSignedInAs(people.bob.email);

  const response = await bob.goto(`/c/${id}`);
  expect(response?.status()).toBe(404);
  await expect(bob.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(bob.getByText(prompt)).toHaveCount(0);

  await bob.goto("/history");
  await expect(bob.getByRole("heading", { name: "History" })).toBeVisible();
  await expect(bob.getByRole("link", { name: prompt })).toHaveCount(0);
  await expect(bob.getByText(prompt)).toHaveCount(0);

  // the API agrees: 404 for bob's session, 401 for nobody, 200 for alice
  expect((await bob.request.get(`/api/v1/comparisons/${id}`)).status()).toBe(404);
  expect((await request.get(`/api/v1/comparisons/${id}`)).status()).toBe(401);
  expect((await page.request.get(`/api/v1/comparisons/${id}`)).status()).toBe(200);
});
