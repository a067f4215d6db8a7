// Statistics off the request thread: a small pool of worker threads (node:worker_threads) that
// runs the bootstrap fits of the leaderboard and of evaluation results (lib/workers/tasks.ts), so
// a 5,000-round leaderboard does not stall the panes streaming in the same process.
//
// The worker is `./stats.worker.ts`, written as `new Worker(new URL("./stats.worker.ts",
// import.meta.url))` so that Next's bundler (Turbopack) emits it as its own chunk of the
// production build; run from source (tsx, vitest) the file is TypeScript and is loaded through
// tsx's require hook (a devDependency, there only when running from source). JUXTA_STATS_THREADS sets the pool size (default 1; 0 runs the tasks in the calling thread).
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { getEnv } from "@/lib/env";
import { runTask, type StatsTask, type StatsTasks, type TaskReply } from "./tasks";

type Job = { id: number; task: StatsTask; args: unknown[]; resolve: (v: unknown) => void; reject: (e: unknown) => void };

/**
 * The worker. A bundled build (next build) has `new Worker(new URL("./stats.worker.ts",
 * import.meta.url))` pointing at its own emitted chunk; run from source (vitest, tsx) the URL
 * names the TypeScript file, which a small bootstrap loads through tsx's require hook.
 */
function spawnWorker(): Worker {
  // Next sets NEXT_RUNTIME in the processes that run its bundles (next start, next dev)
  if (!process.env.NEXT_RUNTIME) {
    const file = fileURLToPath(new URL("./stats.worker.ts", import.meta.url));
    return new Worker(`require(require.resolve("tsx/cjs/api", { paths: [process.cwd()] })).register(); require(${JSON.stringify(file)});`, {
      eval: true,
    });
  }
  return new Worker(new URL("./stats.worker.ts", import.meta.url));
}

export class StatsPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private size = 0;
  private nextId = 1;
  /** set when a thread could not even start (its script missing from a build): compute here instead */
  private unavailable = false;

  constructor(
    private readonly maxThreads: number,
    private readonly spawn: () => Worker = spawnWorker,
  ) {}

  run<T extends StatsTask>(task: T, ...args: Parameters<StatsTasks[T]>): Promise<ReturnType<StatsTasks[T]>> {
    if (this.maxThreads <= 0 || this.unavailable) {
      try {
        return Promise.resolve(runTask(task, args) as ReturnType<StatsTasks[T]>);
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, args, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** Threads started (for tests). */
  get threads(): number {
    return this.size;
  }

  async close(): Promise<void> {
    const workers = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.size < this.maxThreads ? this.start() : null);
      if (!worker) return;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.ref();
      worker.postMessage({ id: job.id, task: job.task, args: job.args });
    }
  }

  private start(): Worker {
    const worker = this.spawn();
    this.size += 1;
    let gone = false;
    let answered = false;
    const drop = (error: unknown) => {
      if (gone) return;
      gone = true;
      if (!answered && isLoadError(error)) {
        // never worked: a worker script missing from this build. Keep serving, in this thread.
        this.unavailable = true;
        console.error("[juxta] statistics worker threads unavailable, computing in the request thread:", error);
        for (const job of [...this.queue.splice(0), ...(this.busy.has(worker) ? [this.busy.get(worker)!] : [])]) {
          try {
            job.resolve(runTask(job.task, job.args));
          } catch (e) {
            job.reject(e);
          }
        }
        this.busy.delete(worker);
        this.size -= 1;
        return;
      }
      this.size -= 1;
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      job?.reject(error);
      this.pump();
    };
    worker.on("message", (reply: TaskReply) => {
      answered = true;
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      if (job && job.id === reply.id) {
        if (reply.ok) job.resolve(reply.value);
        else job.reject(Object.assign(new Error(reply.message), { stack: reply.stack ?? reply.message }));
      }
      this.pump();
    });
    worker.on("error", drop);
    worker.on("exit", (code) => drop(new Error(`a statistics worker thread exited (code ${code})`)));
    return worker;
  }
}

function isLoadError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND" || code === "ERR_UNKNOWN_FILE_EXTENSION" || code === "ENOENT";
}

// One pool per process (kept on globalThis so Next's module reloads in dev share it).
const globalForPool = globalThis as unknown as { juxtaStatsPool?: StatsPool };

export function statsPool(): StatsPool {
  return (globalForPool.juxtaStatsPool ??= new StatsPool(getEnv().statsThreads));
}

/** Runs a statistics task in the pool (a worker thread; in this thread with JUXTA_STATS_THREADS=0). */
export function runStats<T extends StatsTask>(task: T, ...args: Parameters<StatsTasks[T]>): Promise<ReturnType<StatsTasks[T]>> {
  return statsPool().run(task, ...args);
}
