ALTER TABLE "check_results" ADD COLUMN "failed_assertion" jsonb;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "assertions" jsonb DEFAULT '[]'::jsonb NOT NULL;