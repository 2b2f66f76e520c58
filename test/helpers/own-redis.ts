import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll } from "vitest";
import { closedPort } from "./target-server.js";
import { waitFor } from "./wait-for.js";

async function answers(port: number): Promise<boolean> {
  const probe = new Redis({
    port,
    host: "127.0.0.1",
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on("error", () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/**
 * A redis-server of the test's own on a random port, persisting to an append-only file, so the test can restart
 * it without touching the shared server other test files use.
 */
export async function startOwnRedis() {
  const port = await closedPort();
  const dir = await mkdtemp(path.join(tmpdir(), "vigil-redis-"));
  let child: ChildProcess | undefined;

  const launch = async () => {
    child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--save", ""],
      {
        stdio: "ignore",
      },
    );
    await waitFor(() => answers(port), { timeoutMs: 10_000, message: "own redis to answer" });
  };
  const shutdown = async () => {
    const running = child;
    if (!running) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    // SHUTDOWN flushes the append-only file: what Redis acknowledged survives the restart.
    running.kill("SIGTERM");
    await exited;
    child = undefined;
  };
  await launch();
  afterAll(async () => {
    await shutdown();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    /** Stops the server and starts it again on the same port and data, waiting for each step. */
    async restart(whileDown: () => Promise<void> = async () => undefined) {
      await shutdown();
      await whileDown();
      await launch();
    },
  };
}
