CREATE TABLE "platform_alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region" text NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"opened_at" timestamp (3) with time zone NOT NULL,
	"resolved_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "cert_warned" text;--> statement-breakpoint
CREATE UNIQUE INDEX "platform_alerts_one_open" ON "platform_alerts" USING btree ("region","kind") WHERE "platform_alerts"."resolved_at" is null;