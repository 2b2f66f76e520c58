import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { newId } from "../../src/lib/ids.js";

export type SeedMonitorsOptions = {
  count: number;
  intervalSeconds: number;
  regions: string[];
  url: (index: number) => string;
  /** When the scheduler first publishes each monitor; the column default (now) when omitted. */
  nextCheckAt?: (id: string) => Date;
  timeoutMs?: number;
};

const chunkSize = 5_000;

/** One user owning `count` monitors, inserted with unnest in a few statements (the API would take minutes). */
export async function seedMonitors(db: Database, options: SeedMonitorsOptions): Promise<string[]> {
  const userId = newId();
  await db.execute(sql`
    insert into users (id, email, name, password_hash, role)
    values (${userId}, ${`bench-${randomBytes(4).toString("hex")}@example.com`}, 'Bench', 'not-a-hash', 'member')`);
  for (const region of options.regions) {
    await db.execute(sql`insert into regions (name) values (${region}) on conflict do nothing`);
  }
  const ids = Array.from({ length: options.count }, () => newId());
  for (let start = 0; start < ids.length; start += chunkSize) {
    const chunk = ids.slice(start, start + chunkSize);
    const urls = chunk.map((_, i) => options.url(start + i));
    const names = chunk.map((_, i) => `bench monitor ${start + i}`);
    const nextCheckAt = chunk.map((id) => (options.nextCheckAt?.(id) ?? new Date()).toISOString());
    await db.execute(sql`
      insert into monitors
        (id, user_id, name, url, method, headers, body, interval_seconds, timeout_ms, expected_status, regions,
         next_check_at)
      select u.id, ${userId}, u.name, u.url, 'GET', '{}'::jsonb, null, ${options.intervalSeconds},
        ${options.timeoutMs ?? 5_000}, '200-299', ${sql.param(options.regions)}::text[], u.next_check_at
      from unnest(
        ${sql.param(chunk)}::uuid[],
        ${sql.param(names)}::text[],
        ${sql.param(urls)}::text[],
        ${sql.param(nextCheckAt)}::timestamptz[]
      ) as u(id, name, url, next_check_at)`);
  }
  return ids;
}
