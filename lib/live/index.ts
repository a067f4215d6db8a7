// The live transport of this process (lib/live/transport.ts): Redis when REDIS_URL is set, else in
// memory (one instance). One per process, kept on globalThis so Next's module reloads share it.
import "server-only";
import { getEnv, type Env } from "@/lib/env";
import { RedisTransport } from "./redis";
import { MemoryTransport, type LiveTransport } from "./transport";

export type { ControlMessage, LiveTransport, RunMeta } from "./transport";

const globalForLive = globalThis as unknown as { juxtaLive?: LiveTransport };

export function getLive(env: Env = getEnv()): LiveTransport {
  return (globalForLive.juxtaLive ??= env.redisUrl ? new RedisTransport(env.redisUrl, env.redisPrefix) : new MemoryTransport());
}

/** Replaces the process's transport (tests); returns the one it replaced. */
export function setLive(transport: LiveTransport | undefined): LiveTransport | undefined {
  const before = globalForLive.juxtaLive;
  globalForLive.juxtaLive = transport;
  return before;
}
