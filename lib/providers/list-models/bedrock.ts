// Amazon Bedrock's control plane (`https://bedrock.<region>.amazonaws.com`, or
// AWS_ENDPOINT_URL_BEDROCK): ListFoundationModels (`GET /foundation-models`, text-output models
// only) and ListInferenceProfiles (`GET /inference-profiles`, paginated with `nextToken`). Signed
// with SigV4 for service `bedrock` (aws4fetch, as the runtime's provider package signs), or the
// Bedrock API key as a Bearer token.
import "server-only";
import { AwsClient } from "aws4fetch";
import { z } from "zod";
import type { BedrockConfig } from "../../env";
import { credentialChain } from "../bedrock";
import { commonErrorMessage, getJson, ListError, type ListedModel, type ListOptions, MAX_PAGES } from "./shared";

const foundationSchema = z.object({
  modelSummaries: z.array(
    z.looseObject({
      modelId: z.string().min(1),
      modelName: z.string().optional(),
      providerName: z.string().optional(),
      inputModalities: z.array(z.string()).optional(),
      inferenceTypesSupported: z.array(z.string()).optional(),
      modelLifecycle: z.looseObject({ status: z.string() }).optional(),
    }),
  ),
});

const profilesSchema = z.object({
  inferenceProfileSummaries: z.array(
    z.looseObject({
      inferenceProfileId: z.string().min(1),
      inferenceProfileName: z.string().optional(),
      status: z.string().optional(),
      models: z.array(z.looseObject({ modelArn: z.string() })).optional(),
    }),
  ),
  nextToken: z.string().nullish(),
});

/** The control-plane origin: the override, else the region's public endpoint. */
export function bedrockControlURL(config: BedrockConfig): string {
  return config.controlURL ?? `https://bedrock.${config.region}.amazonaws.com`;
}

/** The AWS error: `x-amzn-ErrorType` (its short name) and the body's message. */
function awsErrorMessage(body: unknown, headers: Headers): string | undefined {
  const type = headers.get("x-amzn-errortype")?.split(":")[0];
  const message = commonErrorMessage(body);
  return type && message ? `${type}: ${message}` : (message ?? type);
}

function sender(config: BedrockConfig): { send: (request: Request) => Promise<Response>; secrets: (string | undefined)[] } {
  const { auth, region } = config;
  if (!auth || !region) throw new ListError("Amazon Bedrock is not configured (a region and credentials are needed).");
  if (auth.kind === "bearer") {
    return {
      secrets: [auth.token],
      send: (request) => {
        const headers = new Headers(request.headers);
        headers.set("authorization", `Bearer ${auth.token}`);
        return fetch(new Request(request, { headers }));
      },
    };
  }
  const keys = auth.kind === "keys" ? async () => auth : credentialChain(auth.profile, region);
  const secrets: (string | undefined)[] = auth.kind === "keys" ? [auth.secretAccessKey, auth.sessionToken] : [];
  return {
    secrets,
    send: async (request) => {
      const { accessKeyId, secretAccessKey, sessionToken } = await keys();
      secrets.push(secretAccessKey, sessionToken);
      const client = new AwsClient({ accessKeyId, secretAccessKey, sessionToken, region, service: "bedrock", retries: 0 });
      const signed = await client.sign(request.url, { method: "GET", headers: request.headers });
      return fetch(signed, { signal: request.signal, redirect: "manual" });
    },
  };
}

/** Foundation models with text output, then the inference profiles (whose facts follow their model). */
export async function listBedrockModels(config: BedrockConfig, options: ListOptions = {}): Promise<ListedModel[]> {
  const base = bedrockControlURL(config);
  const { send, secrets } = sender(config);
  const call = (url: string) => ({ cloud: "Amazon Bedrock", url, errorMessage: awsErrorMessage, secrets, send });

  const foundation = await getJson(call(`${base}/foundation-models?byOutputModality=TEXT`), foundationSchema, options);
  const modalities = new Map<string, string[]>();
  const models: ListedModel[] = foundation.modelSummaries.map((m) => {
    const inputModalities = m.inputModalities?.map((x) => x.toLowerCase());
    if (inputModalities) modalities.set(m.modelId, inputModalities);
    const types = m.inferenceTypesSupported ?? [];
    const notes: string[] = [];
    if (types.length > 0 && !types.includes("ON_DEMAND")) {
      notes.push(
        types.includes("INFERENCE_PROFILE")
          ? "Not callable on demand by this id: use one of its inference profiles (us., eu., global. ...)."
          : "Not callable on demand: provisioned throughput only.",
      );
    }
    if (m.modelLifecycle?.status === "LEGACY") notes.push("Legacy: AWS will retire it.");
    return {
      providerModelId: m.modelId,
      label: [m.providerName, m.modelName].filter(Boolean).join(" ") || m.modelId,
      kind: "model" as const,
      ...(inputModalities ? { inputModalities } : {}),
      ...(notes.length ? { note: notes.join(" ") } : {}),
    };
  });

  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL(`${base}/inference-profiles`);
    url.searchParams.set("maxResults", String(options.pageSize ?? 1000));
    if (token) url.searchParams.set("nextToken", token);
    const body = await getJson(call(url.toString()), profilesSchema, options);
    for (const p of body.inferenceProfileSummaries) {
      if (p.status && p.status !== "ACTIVE") continue;
      // arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-... -> the model's input modalities
      const modelId = p.models?.[0]?.modelArn.split("/").at(-1);
      const inputModalities = modelId ? modalities.get(modelId) : undefined;
      models.push({
        providerModelId: p.inferenceProfileId,
        label: p.inferenceProfileName ?? p.inferenceProfileId,
        kind: "inference-profile",
        ...(inputModalities ? { inputModalities } : {}),
      });
    }
    if (!body.nextToken) return models;
    if (body.nextToken === token) throw new ListError("Amazon Bedrock gave the same nextToken twice.");
    token = body.nextToken;
  }
  throw new ListError(`Amazon Bedrock's inference-profile list did not end after ${MAX_PAGES} pages.`);
}
