import path from "node:path";
import { build } from "vite";

/**
 * Global setup of the e2e project: builds the dashboard into dist/public exactly as `npm run build` does, so
 * `npm test` alone tests the current sources (the Vigil under test runs from src/ with tsx and serves dist/public).
 */
export async function setup(): Promise<void> {
  const root = path.resolve(import.meta.dirname, "../..");
  // Vitest runs with NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ configFile: path.join(root, "web/vite.config.ts"), mode: "production", logLevel: "warn" });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
