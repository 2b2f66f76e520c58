import { createRequire } from "node:module";
import initSqlJs from "sql.js";

/**
 * The tables `vigil import kuma` reads, as Uptime Kuma 1.23 creates them in SQLite (db/kuma.db plus its
 * db/patch-*.sql migrations: monitor rebuilt by patch6/7, tag and monitor_tag from patch10, the later ALTER TABLE
 * columns appended). Columns the importer ignores are kept so the rows look like Kuma's own.
 */
const kumaSchema = `
CREATE TABLE [user] (
  [id] INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  [username] VARCHAR(255) NOT NULL UNIQUE,
  [password] VARCHAR(255),
  [active] BOOLEAN NOT NULL DEFAULT 1
);
CREATE TABLE [monitor] (
  [id] INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  [name] VARCHAR(150),
  [active] BOOLEAN NOT NULL DEFAULT 1,
  [user_id] INTEGER REFERENCES [user]([id]) ON DELETE SET NULL ON UPDATE CASCADE,
  [interval] INTEGER NOT NULL DEFAULT 20,
  [url] TEXT,
  [type] VARCHAR(20),
  [weight] INTEGER DEFAULT 2000,
  [hostname] VARCHAR(255),
  [port] INTEGER,
  [created_date] DATETIME NOT NULL DEFAULT (DATETIME('now')),
  [keyword] VARCHAR(255),
  [maxretries] INTEGER NOT NULL DEFAULT 0,
  [ignore_tls] BOOLEAN NOT NULL DEFAULT 0,
  [upside_down] BOOLEAN NOT NULL DEFAULT 0,
  [maxredirects] INTEGER NOT NULL DEFAULT 10,
  [accepted_statuscodes_json] TEXT NOT NULL DEFAULT '["200-299"]',
  [dns_resolve_type] VARCHAR(5),
  [dns_resolve_server] VARCHAR(255),
  [dns_last_result] VARCHAR(255),
  [retry_interval] INTEGER NOT NULL DEFAULT 0,
  [push_token] VARCHAR(20) DEFAULT NULL,
  [method] TEXT NOT NULL DEFAULT 'GET',
  [body] TEXT DEFAULT NULL,
  [headers] TEXT DEFAULT NULL,
  [basic_auth_user] TEXT DEFAULT NULL,
  [basic_auth_pass] TEXT DEFAULT NULL,
  [docker_host] INTEGER,
  [docker_container] VARCHAR(255),
  [proxy_id] INTEGER,
  [expiry_notification] BOOLEAN DEFAULT 1,
  [mqtt_topic] TEXT,
  [mqtt_success_message] VARCHAR(255),
  [mqtt_username] VARCHAR(255),
  [mqtt_password] VARCHAR(255),
  [database_connection_string] VARCHAR(2000),
  [database_query] TEXT,
  [auth_method] VARCHAR(250),
  [auth_domain] TEXT,
  [auth_workstation] TEXT,
  [resend_interval] INTEGER NOT NULL DEFAULT 0,
  [packet_size] INTEGER NOT NULL DEFAULT 56,
  [game] VARCHAR(255),
  [http_body_encoding] VARCHAR(25),
  [description] TEXT DEFAULT NULL,
  [parent] INTEGER REFERENCES [monitor]([id]) ON DELETE SET NULL ON UPDATE CASCADE,
  [invert_keyword] BOOLEAN NOT NULL DEFAULT 0,
  [json_path] TEXT,
  [expected_value] VARCHAR(255),
  [timeout] DOUBLE NOT NULL DEFAULT 0,
  [gamedig_given_port_only] BOOLEAN NOT NULL DEFAULT 1
);
CREATE TABLE [notification] (
  [id] INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  [name] VARCHAR(255),
  [config] VARCHAR(255),
  [active] BOOLEAN NOT NULL DEFAULT 1,
  [user_id] INTEGER NOT NULL,
  [is_default] BOOLEAN NOT NULL DEFAULT 0
);
CREATE TABLE [monitor_notification] (
  [id] INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  [monitor_id] INTEGER NOT NULL REFERENCES [monitor]([id]) ON DELETE CASCADE ON UPDATE CASCADE,
  [notification_id] INTEGER NOT NULL REFERENCES [notification]([id]) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX monitor_notification_index ON monitor_notification (monitor_id, notification_id);
CREATE TABLE tag (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  name VARCHAR(255) NOT NULL,
  color VARCHAR(255) NOT NULL,
  created_date DATETIME DEFAULT (DATETIME('now')) NOT NULL
);
CREATE TABLE monitor_tag (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  monitor_id INTEGER NOT NULL,
  tag_id INTEGER NOT NULL,
  value TEXT,
  CONSTRAINT FK_tag FOREIGN KEY (tag_id) REFERENCES tag(id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT FK_monitor FOREIGN KEY (monitor_id) REFERENCES monitor(id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX monitor_tag_monitor_id_index ON monitor_tag (monitor_id);
CREATE INDEX monitor_tag_tag_id_index ON monitor_tag (tag_id);
`;

type Value = string | number | null;

/**
 * A Kuma database file (its bytes) with Kuma's schema and the given rows: `monitor` rows name only the columns
 * they set, the rest take Kuma's defaults.
 */
export async function kumaDatabase(rows: {
  monitors: Record<string, Value>[];
  tags?: { id: number; name: string; color?: string }[];
  monitorTags?: { monitor_id: number; tag_id: number; value: string | null }[];
  notifications?: { id: number; name: string }[];
  monitorNotifications?: { monitor_id: number; notification_id: number }[];
}): Promise<Uint8Array> {
  const wasm = createRequire(import.meta.url).resolve("sql.js/dist/sql-wasm.wasm");
  const SQL = await initSqlJs({ locateFile: () => wasm });
  const db = new SQL.Database();
  try {
    db.run(kumaSchema);
    db.run("INSERT INTO [user] (id, username, password) VALUES (1, 'admin', 'x')");
    const insert = (table: string, row: Record<string, Value>) => {
      const columns = Object.keys(row);
      db.run(
        `INSERT INTO [${table}] (${columns.map((c) => `[${c}]`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
        columns.map((c) => row[c] ?? null),
      );
    };
    for (const monitor of rows.monitors) insert("monitor", { user_id: 1, ...monitor });
    for (const tag of rows.tags ?? []) insert("tag", { color: "#059669", ...tag });
    for (const link of rows.monitorTags ?? []) insert("monitor_tag", link);
    for (const n of rows.notifications ?? []) insert("notification", { user_id: 1, config: "{}", ...n });
    for (const link of rows.monitorNotifications ?? []) insert("monitor_notification", link);
    return db.export();
  } finally {
    db.close();
  }
}
