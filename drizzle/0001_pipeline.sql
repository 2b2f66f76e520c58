ALTER TABLE "check_results" ADD COLUMN "timings" jsonb;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "next_check_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "monitors_due_idx" ON "monitors" USING btree ("next_check_at") WHERE not "monitors"."paused";