import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { spawnVigil } from "../../helpers/vigil-process.js";

/**
 * `vigil start` from the sources on the embedded default (PGlite in a scratch DATA_DIR, in-process queue), on a free
 * port of 127.0.0.1 (or PORT in `env`). Checks may reach 127.0.0.1 (the test's target), and the rate limits are out
 * of the way; `env` adds or overrides settings.
 */
export async function startVigil(
  env: Record<string, string> = {},
): Promise<{ url: string; output: () => string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "vigil-e2e-"));
  const vigil = await spawnVigil(
    ["start"],
    {
      DATA_DIR: dataDir,
      PORT: "0",
      HOST: "127.0.0.1",
      ALLOW_PRIVATE_TARGETS: "true",
      RATE_LIMIT_MAX: "100000",
      RATE_LIMIT_AUTH_MAX: "1000",
      ...env,
    },
    /Server listening at (http:\/\/127\.0\.0\.1:\d+)/,
    90_000,
  );
  afterAll(async () => {
    await vigil.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { url: vigil.match, output: vigil.output };
}
