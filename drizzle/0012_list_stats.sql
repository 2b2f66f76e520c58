CREATE TABLE "monitor_recent_stats" (
	"monitor_id" uuid PRIMARY KEY NOT NULL,
	"through_hour" timestamp (3) with time zone NOT NULL,
	"computed_at" timestamp (3) with time zone NOT NULL,
	"up" integer NOT NULL,
	"degraded" integer NOT NULL,
	"down" integer NOT NULL,
	"rt_count" integer NOT NULL,
	"rt_sum" double precision NOT NULL,
	"rt_min" integer,
	"rt_max" integer,
	"rt_hist" jsonb NOT NULL,
	"hourly_ms" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitor_recent_stats" ADD CONSTRAINT "monitor_recent_stats_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;
