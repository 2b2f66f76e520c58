ALTER TABLE "monitors" ADD COLUMN "heartbeat_token" text;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "grace_seconds" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_heartbeat_token_unique" UNIQUE("heartbeat_token");--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_grace_check" CHECK ("monitors"."grace_seconds" between 0 and 86400);