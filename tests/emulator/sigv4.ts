// AWS Signature Version 4 verification, as AWS does it for a non-S3 service: rebuild the
// canonical request from what arrived on the wire, derive the signing key from the configured
// secret, and compare signatures. (aws4fetch, which the Bedrock provider signs with, builds the
// same canonical request: the path is URI-encoded once more, the payload hash is sha256(body).)
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export type SigV4Config = { accessKeyId: string; secretAccessKey: string; region: string; service: string };

export type SigV4Failure = {
  status: 403;
  /** x-amzn-ErrorType short name */
  type: "InvalidSignatureException" | "UnrecognizedClientException" | "IncompleteSignatureException";
  message: string;
};

const AUTH_RE =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/;

/** RFC 3986 unreserved characters stay; everything else is percent-encoded. */
function encodeRfc3986(s: string): string {
  return s.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalPath(rawPath: string): string {
  const collapsed = rawPath.replace(/\/+/g, "/");
  return encodeRfc3986(encodeURIComponent(collapsed).replace(/%2F/g, "/"));
}

export function canonicalQuery(rawQuery: string): string {
  return [...new URLSearchParams(rawQuery)]
    .filter(([k]) => k !== "")
    .map(([k, v]) => [encodeRfc3986(encodeURIComponent(k)), encodeRfc3986(encodeURIComponent(v))] as const)
    .sort(([k1, v1], [k2, v2]) => (k1 < k2 ? -1 : k1 > k2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

const sha256hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  if (v == null) return undefined;
  return (Array.isArray(v) ? v.join(",") : v).trim().replace(/\s+/g, " ");
}

/** Parse `X-Amz-Date` (yyyyMMddTHHmmssZ). */
function parseAmzDate(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

const MAX_SKEW_MS = 15 * 60 * 1000;

/**
 * Verify a SigV4-signed request. `rawUrl` is `req.url` as received (path + query, still
 * encoded); `body` the raw bytes. Returns null when valid.
 */
export function verifySigV4(
  method: string,
  rawUrl: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
  cfg: SigV4Config,
  now = Date.now(),
): SigV4Failure | null {
  const auth = headerValue(headers, "authorization") ?? "";
  const m = AUTH_RE.exec(auth);
  if (!m) {
    return {
      status: 403,
      type: "IncompleteSignatureException",
      message: `Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=${auth.split(" ")[0] ?? ""}`,
    };
  }
  const [, accessKeyId, date, region, service, signedHeadersList, signature] = m as unknown as string[];
  if (accessKeyId !== cfg.accessKeyId) {
    return { status: 403, type: "UnrecognizedClientException", message: "The security token included in the request is invalid." };
  }
  if (region !== cfg.region) {
    return {
      status: 403,
      type: "InvalidSignatureException",
      message: `Credential should be scoped to a valid region. `,
    };
  }
  if (service !== cfg.service) {
    return {
      status: 403,
      type: "InvalidSignatureException",
      message: `Credential should be scoped to correct service: '${cfg.service}'. `,
    };
  }
  const amzDate = headerValue(headers, "x-amz-date");
  const when = amzDate ? parseAmzDate(amzDate) : undefined;
  if (!amzDate || when == null) {
    return {
      status: 403,
      type: "IncompleteSignatureException",
      message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    };
  }
  if (amzDate.slice(0, 8) !== date) {
    return {
      status: 403,
      type: "InvalidSignatureException",
      message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    };
  }
  if (Math.abs(now - when) > MAX_SKEW_MS) {
    const iso = (t: number) => new Date(t).toISOString().replace(/[:-]|\.\d{3}/g, "");
    return {
      status: 403,
      type: "InvalidSignatureException",
      message: `Signature expired: ${amzDate} is now earlier than ${iso(now - MAX_SKEW_MS)} (${iso(now)} - 15 min.)`,
    };
  }
  const signedHeaders = signedHeadersList!.split(";");
  if (!signedHeaders.includes("host")) {
    return {
      status: 403,
      type: "InvalidSignatureException",
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    };
  }
  const [rawPath = "/", rawQuery = ""] = rawUrl.split("?", 2) as [string, string?];
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${headerValue(headers, h) ?? ""}`).join("\n");
  const payloadHash = headerValue(headers, "x-amz-content-sha256") ?? sha256hex(body);
  const canonicalRequest = [
    method.toUpperCase(),
    canonicalPath(rawPath),
    canonicalQuery(rawQuery),
    `${canonicalHeaders}\n`,
    signedHeadersList,
    payloadHash,
  ].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256hex(canonicalRequest)].join("\n");
  const kDate = hmac(`AWS4${cfg.secretAccessKey}`, date!);
  const kSigning = hmac(hmac(hmac(kDate, region!), service!), "aws4_request");
  const expected = createHmac("sha256", kSigning).update(stringToSign).digest("hex");
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature!))) {
    return {
      status: 403,
      type: "InvalidSignatureException",
      message: `The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'${canonicalRequest}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
    };
  }
  return null;
}
