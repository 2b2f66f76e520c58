ALTER TABLE "check_results" ADD COLUMN "final_url" text;--> statement-breakpoint
ALTER TABLE "check_results" ADD COLUMN "remote_address" text;--> statement-breakpoint
ALTER TABLE "check_results" ADD COLUMN "cert_issuer" text;--> statement-breakpoint
ALTER TABLE "check_results" ADD COLUMN "cert_subject" text;--> statement-breakpoint
ALTER TABLE "check_results" ADD COLUMN "cert_expires_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "cert_expires_at" timestamp (3) with time zone;