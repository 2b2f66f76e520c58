import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Integration tests (*.int.test.ts) run twice, once per database backend; unit tests run once.
const integration = ["src/**/*.int.test.ts", "test/**/*.int.test.ts"];
// End-to-end tests drive the built dashboard in Chromium against a real `vigil start`.
const e2e = ["test/e2e/**/*.e2e.test.ts"];

export default defineConfig({
  test: {
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: [...integration, ...e2e],
        },
      },
      {
        extends: true,
        test: { name: "postgres", include: integration, env: { VIGIL_TEST_BACKEND: "postgres" } },
      },
      {
        extends: true,
        test: { name: "pglite", include: integration, env: { VIGIL_TEST_BACKEND: "pglite" } },
      },
      // Dashboard components in jsdom: no database, no server.
      {
        plugins: [react()],
        test: { name: "web", include: ["web/**/*.test.tsx"], environment: "jsdom", testTimeout: 20_000 },
      },
      // Builds the SPA once (global setup), then runs `vigil start` on the embedded database per file.
      {
        test: {
          name: "e2e",
          include: e2e,
          globalSetup: ["test/e2e/build-web.ts"],
          testTimeout: 240_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
