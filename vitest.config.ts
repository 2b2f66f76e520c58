import { defineConfig } from "vitest/config";

// Integration tests (*.int.test.ts) run twice, once per database backend; unit tests run once.
const integration = ["src/**/*.int.test.ts", "test/**/*.int.test.ts"];

export default defineConfig({
  test: {
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["src/**/*.test.ts", "test/**/*.test.ts"], exclude: integration },
      },
      {
        extends: true,
        test: { name: "postgres", include: integration, env: { VIGIL_TEST_BACKEND: "postgres" } },
      },
      {
        extends: true,
        test: { name: "pglite", include: integration, env: { VIGIL_TEST_BACKEND: "pglite" } },
      },
    ],
  },
});
