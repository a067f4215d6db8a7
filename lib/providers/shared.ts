// Shared by the provider modules: options, the provider-instance cache and the error for a model
// whose provider has no credentials.
import "server-only";
import type { ProviderId } from "./types";
import { missingConfigHint, providerDisplayName } from "./display";

export type FactoryOptions = {
  /** a custom fetch (request-shape tests, the emulator); providers built with one are not cached */
  fetch?: typeof globalThis.fetch;
};

const instances = new Map<string, unknown>();

/**
 * One provider instance per configuration (kind + every setting). A custom `fetch` bypasses the
 * cache so a test's capturing fetch never leaks into another call.
 */
export function cachedProvider<T>(kind: string, config: object, options: FactoryOptions, create: () => T): T {
  if (options.fetch) return create();
  const key = `${kind}:${JSON.stringify(config)}`;
  let instance = instances.get(key) as T | undefined;
  if (instance === undefined) {
    instance = create();
    instances.set(key, instance);
  }
  return instance;
}

/** Forget cached provider instances (tests). */
export function clearProviderCache(): void {
  instances.clear();
}

export class ProviderNotConfiguredError extends Error {
  readonly provider: ProviderId;
  constructor(provider: ProviderId, modelId: string) {
    super(`${providerDisplayName(provider)} is not configured, so ${modelId} cannot run. ${missingConfigHint(provider)}`);
    this.name = "ProviderNotConfiguredError";
    this.provider = provider;
  }
}
