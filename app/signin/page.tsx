import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { SignInButtons, type SignInProvider } from "@/components/auth/sign-in-buttons";
import { getViewer } from "@/lib/auth/viewer";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };

// next-auth's error codes, in words a person can act on
const errors: Record<string, string> = {
  Verification: "This sign-in link has expired or was already used. Ask for a new one.",
  AccessDenied: "Your account is not allowed to sign in here.",
  OAuthAccountNotLinked: "This email is already linked to another sign-in method. Use the one you used first.",
  EmailSignin: "The sign-in email could not be sent. Try again, or ask your administrator to check the mail server.",
  Configuration: "Sign-in is misconfigured on the server. Ask your administrator.",
  NotInvited: "This server only lets invited people create an account. Ask a team admin for an invitation to this address.",
  AccountDisabled: "This account has been disabled by an instance admin.",
};

/** "Too many sign-in emails" with the wait (lib/auth/email-throttle.ts). */
function throttled(retryIn: unknown): string {
  const seconds = Number(retryIn);
  const minutes = Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : 10;
  return `Too many sign-in emails: try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** Only same-site paths are followed after sign-in. */
function safeCallback(raw: unknown): string {
  return typeof raw === "string" && raw.startsWith("/") && !raw.startsWith("//") ? raw : "/";
}

// GET /signin: the sign-in page (local mode has none: it goes home)
export default async function SignInPage({ searchParams }: PageProps<"/signin">) {
  await connection();
  const env = getEnv();
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (!env.auth.enabled) redirect("/");
  if (await getViewer().catch(() => null)) redirect(callbackUrl);
  const providers: SignInProvider[] = [];
  if (env.auth.oidc) providers.push({ id: "oidc", name: env.auth.oidc.name });
  if (env.auth.entra) providers.push({ id: "azure-ad", name: "Microsoft Entra ID" });
  if (env.auth.github) providers.push({ id: "github", name: "GitHub" });
  const error =
    params.error === "EmailThrottled"
      ? throttled(params.retryIn)
      : typeof params.error === "string"
        ? (errors[params.error] ?? "Sign-in failed. Try again.")
        : null;
  return (
    <main id="main" className="mx-auto flex max-w-sm flex-col px-4 py-16">
      <h1 className="text-xl font-semibold tracking-tight">Sign in to Juxta</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">Compare models and clouds with your team.</p>
      {error ? (
        <p
          role="alert"
          className="mb-4 rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950/60 dark:text-red-200"
        >
          {error}
        </p>
      ) : null}
      <div className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <SignInButtons providers={providers} email={Boolean(env.auth.email)} callbackUrl={callbackUrl} />
      </div>
    </main>
  );
}
