// Tests read their own environment here: where the shared services are and which backend this project runs.
export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const testRedisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const testBackend: "postgres" | "pglite" =
  process.env.VIGIL_TEST_BACKEND === "pglite" ? "pglite" : "postgres";

/** The URL of another database on the test server. */
export function databaseUrl(name: string): string {
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
