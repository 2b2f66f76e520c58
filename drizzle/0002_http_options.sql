ALTER TABLE "monitors" ADD COLUMN "auth" jsonb;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "follow_redirects" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "max_redirects" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "ignore_tls_errors" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "user_agent" text;--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_max_redirects_check" CHECK ("monitors"."max_redirects" between 0 and 10);