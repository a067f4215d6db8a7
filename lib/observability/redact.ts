// What a log line must never carry: API keys, tokens, cookies, passwords, webhook URLs. Values are
// redacted by the name of their field (`apiKey`, `authorization`, `cookie`, `*Token`, `*secret*`...)
// and, inside any text (error messages included), by shape (`Bearer ...`, `sk-...`, `jx_...`,
// credentials in a URL, secret query parameters, webhook paths) and by the exact values of the
// secret variables this process was started with.

export const REDACTED = "[redacted]";

const secretKey =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key)$|api[-_]?key|secret|passw(or)?d|credential|private[-_]?key|webhook|token$|session[-_]?id/i;

const patterns: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  // credentials in a URL: postgres://user:password@host, https://user@host
  [/([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+(:[^\s/@]*)?@/gi, `$1${REDACTED}@`],
  // secret query parameters
  [
    /([?&](?:api[-_]?key|key|token|access_token|refresh_token|id_token|code|sig|signature|secret|password|x-amz-signature|x-amz-credential|x-amz-security-token)=)[^&\s"']+/gi,
    `$1${REDACTED}`,
  ],
  // webhook URLs (Slack, Discord, Teams...): the path is the secret
  [
    /(https?:\/\/[^\s/"']*(?:hooks\.slack\.com|discord(?:app)?\.com\/api\/webhooks|webhook\.office\.com|\/webhooks?\/))[^\s"']*/gi,
    `$1${REDACTED}`,
  ],
  // key shapes: OpenAI/Anthropic `sk-...`, Juxta API tokens `jx_...`, AWS access keys, Google API keys, GitHub and Slack tokens
  [/\bsk-[A-Za-z0-9_-]{12,}/g, REDACTED],
  [/\bjx_[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{30,}/g, REDACTED],
  [/\b(gh[pousr]_[A-Za-z0-9]{20,}|xox[abprs]-[A-Za-z0-9-]{10,})/g, REDACTED],
];

const secretVariable =
  /(^|_)(API_KEY|SECRET|SECRET_ACCESS_KEY|SESSION_TOKEN|BEARER_TOKEN_BEDROCK|PASSWORD|TOKEN)$|^(DATABASE_URL|EMAIL_SERVER|REDIS_URL|JUXTA_METRICS_TOKEN)$/;
let knownSecrets: string[] | undefined;

/** The values of this process's secret variables (8 characters or more), longest first. */
function secretsOfEnvironment(): string[] {
  knownSecrets ??= Object.entries(process.env)
    .filter(([name, value]) => secretVariable.test(name) && typeof value === "string" && value.length >= 8)
    .map(([, value]) => value as string)
    .sort((a, b) => b.length - a.length);
  return knownSecrets;
}

/** Forget the secret values read from the environment (tests that change `process.env`). */
export function resetRedaction(): void {
  knownSecrets = undefined;
}

/** A text with every secret-looking part replaced by `[redacted]`. */
export function redactText(text: string): string {
  let out = text;
  for (const secret of secretsOfEnvironment()) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
  return out;
}

/** A JSON-ready copy of `value` with secrets redacted (by field name and by shape); errors become {name, message, code, stack}. */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") {
    return typeof value === "bigint" ? value.toString() : typeof value === "function" || typeof value === "symbol" ? String(value) : value;
  }
  if (seen.has(value)) return "[circular]";
  if (depth > 6) return "[deep]";
  seen.add(value);
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown; cause?: unknown };
    return {
      name: e.name,
      message: redactText(e.message),
      ...(e.code !== undefined ? { code: redactValue(e.code, depth + 1, seen) } : {}),
      ...(e.stack ? { stack: redactText(e.stack) } : {}),
      ...(e.cause !== undefined ? { cause: redactValue(e.cause, depth + 1, seen) } : {}),
    };
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Headers) return redactValue(Object.fromEntries(value), depth, seen);
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redactValue(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = secretKey.test(k) && v != null && v !== "" ? REDACTED : redactValue(v, depth + 1, seen);
  return out;
}
