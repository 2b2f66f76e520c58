-- Hand-written (drizzle-kit cannot express partitioning); the schema files and the snapshot describe the result.
-- check_results becomes range-partitioned by scheduled_at: one partition per UTC day, created ahead by the
-- maintenance job (results/partition-maintenance.ts), and a DEFAULT partition so a late or far-off result never
-- fails its batch. Retention drops whole day partitions.
ALTER TABLE "check_results" RENAME TO "check_results_unpartitioned";--> statement-breakpoint
ALTER TABLE "check_results_unpartitioned" RENAME CONSTRAINT "check_results_pkey" TO "check_results_unpartitioned_pkey";--> statement-breakpoint
ALTER TABLE "check_results_unpartitioned" RENAME CONSTRAINT "check_results_monitor_region_scheduled_key" TO "check_results_unpartitioned_key";--> statement-breakpoint
ALTER TABLE "check_results_unpartitioned" RENAME CONSTRAINT "check_results_monitor_id_monitors_id_fk" TO "check_results_unpartitioned_fk";--> statement-breakpoint
ALTER INDEX "check_results_monitor_checked_idx" RENAME TO "check_results_unpartitioned_checked_idx";--> statement-breakpoint
ALTER SEQUENCE "check_results_id_seq" RENAME TO "check_results_unpartitioned_id_seq";--> statement-breakpoint
CREATE TABLE "check_results" (
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "check_results_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1) NOT NULL,
	"monitor_id" uuid NOT NULL,
	"region" text NOT NULL,
	"scheduled_at" timestamp (3) with time zone NOT NULL,
	"checked_at" timestamp (3) with time zone NOT NULL,
	"status" text NOT NULL,
	"status_code" integer,
	"response_time_ms" integer,
	"error" text,
	"timings" jsonb,
	"final_url" text,
	"remote_address" text,
	"cert_issuer" text,
	"cert_subject" text,
	"cert_expires_at" timestamp (3) with time zone,
	"failed_assertion" jsonb,
	CONSTRAINT "check_results_pkey" PRIMARY KEY("id","scheduled_at"),
	CONSTRAINT "check_results_monitor_region_scheduled_key" UNIQUE("monitor_id","region","scheduled_at")
) PARTITION BY RANGE ("scheduled_at");--> statement-breakpoint
CREATE TABLE "check_results_default" PARTITION OF "check_results" DEFAULT;--> statement-breakpoint
ALTER TABLE "check_results" ADD CONSTRAINT "check_results_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "check_results_monitor_checked_idx" ON "check_results" USING btree ("monitor_id","checked_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
DO $$
DECLARE
  d date;
  last_day date := (now() at time zone 'UTC')::date + 3;
BEGIN
  -- Days of the existing rows (at most the last 100), then the next three; older rows land in DEFAULT.
  SELECT greatest(coalesce(min((scheduled_at at time zone 'UTC')::date), last_day - 3), last_day - 103)
    INTO d FROM check_results_unpartitioned;
  WHILE d <= last_day LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF check_results FOR VALUES FROM (%L) TO (%L)',
      'check_results_p' || to_char(d, 'YYYYMMDD'), d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
    d := d + 1;
  END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "check_results" ("id", "monitor_id", "region", "scheduled_at", "checked_at", "status", "status_code",
  "response_time_ms", "error", "timings", "final_url", "remote_address", "cert_issuer", "cert_subject",
  "cert_expires_at", "failed_assertion")
OVERRIDING SYSTEM VALUE
SELECT "id", "monitor_id", "region", "scheduled_at", "checked_at", "status", "status_code", "response_time_ms",
  "error", "timings", "final_url", "remote_address", "cert_issuer", "cert_subject", "cert_expires_at",
  "failed_assertion"
FROM "check_results_unpartitioned";--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('check_results', 'id'), coalesce((SELECT max("id") FROM "check_results"), 0) + 1, false);--> statement-breakpoint
DROP TABLE "check_results_unpartitioned";--> statement-breakpoint
-- The log-scale latency histogram of stats/latency-histogram.ts: bucket b holds [1.1^b, 1.1^(b+1)) ms.
CREATE FUNCTION vigil_rt_bucket(ms integer) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT floor(ln(greatest(ms, 1)) / ln(1.1))::integer $$;--> statement-breakpoint
CREATE FUNCTION vigil_hist(ms integer[]) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(jsonb_object_agg(b, c), '{}'::jsonb)
        FROM (SELECT vigil_rt_bucket(x) AS b, count(*) AS c FROM unnest(ms) AS x WHERE x IS NOT NULL GROUP BY 1) h $$;--> statement-breakpoint
CREATE FUNCTION vigil_hist_merge(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(jsonb_object_agg(k, n), '{}'::jsonb)
        FROM (SELECT k, sum(v::integer) AS n FROM (SELECT * FROM jsonb_each_text(a) UNION ALL SELECT * FROM jsonb_each_text(b)) e(k, v) GROUP BY k) s $$;--> statement-breakpoint
CREATE AGGREGATE vigil_hist_sum(jsonb) (SFUNC = vigil_hist_merge, STYPE = jsonb, INITCOND = '{}');--> statement-breakpoint
CREATE TABLE "check_rollups" (
	"monitor_id" uuid NOT NULL,
	"region" text NOT NULL,
	"bucket_seconds" integer NOT NULL,
	"bucket_start" timestamp (3) with time zone NOT NULL,
	"checks" integer NOT NULL,
	"up" integer NOT NULL,
	"degraded" integer NOT NULL,
	"down" integer NOT NULL,
	"missed" integer NOT NULL,
	"rt_count" integer NOT NULL,
	"rt_sum" integer NOT NULL,
	"rt_min" integer,
	"rt_max" integer,
	"rt_hist" jsonb NOT NULL,
	CONSTRAINT "check_rollups_pkey" PRIMARY KEY("monitor_id","bucket_seconds","bucket_start","region")
);--> statement-breakpoint
ALTER TABLE "check_rollups" ADD CONSTRAINT "check_rollups_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "check_rollups_retention_idx" ON "check_rollups" USING btree ("bucket_seconds","bucket_start");--> statement-breakpoint
INSERT INTO "check_rollups"
SELECT r.monitor_id, r.region, s.secs, date_bin(make_interval(secs => s.secs), r.scheduled_at, 'epoch'),
  count(*) FILTER (WHERE r.status <> 'missed'), count(*) FILTER (WHERE r.status = 'up'),
  count(*) FILTER (WHERE r.status = 'degraded'), count(*) FILTER (WHERE r.status = 'down'),
  count(*) FILTER (WHERE r.status = 'missed'), count(r.response_time_ms), coalesce(sum(r.response_time_ms), 0),
  min(r.response_time_ms), max(r.response_time_ms), vigil_hist(array_agg(r.response_time_ms))
FROM "check_results" r CROSS JOIN (VALUES (60), (3600), (86400)) AS s(secs)
GROUP BY 1, 2, 3, 4;
