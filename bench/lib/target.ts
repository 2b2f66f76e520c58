import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Cleanup } from "./scratch.js";

const readySchema = z.object({ type: z.literal("ready"), port: z.number().int().positive() });
const statsSchema = z.object({
  type: z.literal("stats"),
  count: z.number(),
  total: z.number(),
  perSecond: z.array(z.number()),
  cpuMs: z.number(),
  rssBytes: z.number(),
});
export type TargetStats = z.infer<typeof statsSchema>;

export type Target = {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Requests that arrived in [fromMs, toMs), per second too, and the target process's own CPU and memory. */
  stats(fromMs: number, toMs: number): Promise<TargetStats>;
};

const replyTimeoutMs = 10_000;

/** Starts the target in a child process (same tsx loader) and stops it in the cleanup. */
export async function startTarget(cleanup: Cleanup): Promise<Target> {
  const child = fork(fileURLToPath(new URL("./target-server.ts", import.meta.url)), [], {
    // A profile of the parent is what --cpu-prof asks for; the child would only add a second file.
    execArgv: process.execArgv.filter((arg) => !arg.startsWith("--cpu-prof")),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  cleanup.add("stop target process", async () => {
    if (child.exitCode !== null || !child.connected) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.send({ type: "stop" });
    const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
    await exited;
    clearTimeout(timer);
  });

  function nextMessage<T>(schema: z.ZodType<T>, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`target did not send ${what} in time`)),
        replyTimeoutMs,
      );
      const onMessage = (raw: unknown) => {
        const parsed = schema.safeParse(raw);
        if (parsed.success) finish(undefined, parsed.data);
      };
      const onExit = () => finish(new Error(`target exited before sending ${what}`));
      function finish(err: Error | undefined, value?: T): void {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
        if (err || value === undefined) reject(err ?? new Error(`no ${what}`));
        else resolve(value);
      }
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  }

  const { port } = await nextMessage(readySchema, "its port");
  return {
    url: `http://127.0.0.1:${port}`,
    async stats(fromMs, toMs) {
      const reply = nextMessage(statsSchema, "stats");
      child.send({ type: "stats", fromMs, toMs });
      return reply;
    },
  };
}
