import { createRequire } from "node:module";
import initSqlJs from "sql.js";
import { ImportError } from "./imported-monitor.js";
import { type KumaMonitor, type KumaTag, kumaMonitor } from "./kuma-source.js";

const sqliteMagic = "SQLite format 3\0";

/** Kuma's monitors from either export: its SQLite database (kuma.db) or a 1.x JSON backup. */
export async function readKumaFile(bytes: Uint8Array): Promise<KumaMonitor[]> {
  const head = Buffer.from(bytes.subarray(0, sqliteMagic.length)).toString("latin1");
  return head === sqliteMagic ? readKumaDatabase(bytes) : readKumaBackup(Buffer.from(bytes).toString("utf8"));
}

/**
 * A 1.x backup (Settings → Backup → Export): `{ version, notificationList, monitorList }`, each monitor as
 * `Monitor.toJSON()` wrote it, with `tags: [{ name, value }]` and `notificationIDList: { "<id>": true }`.
 */
function readKumaBackup(text: string): KumaMonitor[] {
  let backup: unknown;
  try {
    backup = JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new ImportError(`not an Uptime Kuma database or JSON backup: ${error.message}`);
  }
  const list = isRecord(backup) ? backup.monitorList : undefined;
  if (!Array.isArray(list)) {
    throw new ImportError("not an Uptime Kuma backup: it has no monitorList (Kuma 1.x JSON backups do)");
  }
  return list.filter(isRecord).map((item) => {
    const tags = Array.isArray(item.tags) ? item.tags.filter(isRecord).map(tag) : [];
    const notifications = isRecord(item.notificationIDList)
      ? Object.values(item.notificationIDList).filter(Boolean).length
      : 0;
    return kumaMonitor(item, tags, notifications);
  });
}

let sqlJs: ReturnType<typeof initSqlJs> | undefined;

/** Kuma's SQLite database, read with sql.js (SQLite compiled to WebAssembly: no native build, nothing written). */
async function readKumaDatabase(bytes: Uint8Array): Promise<KumaMonitor[]> {
  const wasm = createRequire(import.meta.url).resolve("sql.js/dist/sql-wasm.wasm");
  sqlJs ??= initSqlJs({ locateFile: () => wasm });
  const SQL = await sqlJs;
  const db = new SQL.Database(bytes);
  try {
    const tables = new Set(
      rows(db, "select name from sqlite_master where type = 'table'").map((r) => r.name),
    );
    if (!tables.has("monitor")) throw new ImportError("not an Uptime Kuma database: it has no monitor table");
    const tags = new Map<number, KumaTag[]>();
    if (tables.has("tag") && tables.has("monitor_tag")) {
      const sql =
        "select mt.monitor_id, t.name, mt.value from monitor_tag mt join tag t on t.id = mt.tag_id order by t.name";
      for (const row of rows(db, sql)) {
        const id = Number(row.monitor_id);
        tags.set(id, [...(tags.get(id) ?? []), tag(row)]);
      }
    }
    const notifications = new Map<number, number>();
    if (tables.has("monitor_notification")) {
      const sql = "select monitor_id, count(*) as n from monitor_notification group by monitor_id";
      for (const row of rows(db, sql)) notifications.set(Number(row.monitor_id), Number(row.n));
    }
    return rows(db, "select * from monitor order by id").map((row) => {
      const id = Number(row.id);
      return kumaMonitor(row, tags.get(id) ?? [], notifications.get(id) ?? 0);
    });
  } finally {
    db.close();
  }
}

type SqlDatabase = InstanceType<Awaited<ReturnType<typeof initSqlJs>>["Database"]>;

function rows(db: SqlDatabase, sql: string): Record<string, unknown>[] {
  const [result] = db.exec(sql);
  if (!result) return [];
  return result.values.map((values) => Object.fromEntries(result.columns.map((c, i) => [c, values[i]])));
}

function tag(row: Record<string, unknown>): KumaTag {
  const value = typeof row.value === "string" && row.value !== "" ? row.value : null;
  return { name: String(row.name ?? ""), value };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
