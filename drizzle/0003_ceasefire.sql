CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"violation_id" uuid NOT NULL,
	"title" text NOT NULL,
	"severity" text NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_by" text,
	"acknowledged_at" timestamp with time zone,
	"exercise" boolean DEFAULT false NOT NULL,
	"releasable_to" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sectors" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"geometry" jsonb NOT NULL,
	"last_check_in_at" timestamp with time zone,
	"override" jsonb,
	"exercise" boolean DEFAULT false NOT NULL,
	"releasable_to" jsonb DEFAULT '"cell"'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "violations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"sector_id" text,
	"category" text NOT NULL,
	"source" text NOT NULL,
	"severity" text NOT NULL,
	"killed" integer DEFAULT 0 NOT NULL,
	"wounded" integer DEFAULT 0 NOT NULL,
	"description" text NOT NULL,
	"status" text NOT NULL,
	"responsible_party" text,
	"finding" text,
	"reported_by" text NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"exercise" boolean DEFAULT false NOT NULL,
	"releasable_to" jsonb DEFAULT '"cell"'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_violation_id_violations_id_fk" FOREIGN KEY ("violation_id") REFERENCES "public"."violations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "violations" ADD CONSTRAINT "violations_sector_id_sectors_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."sectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_raised" ON "alerts" USING btree ("raised_at");--> statement-breakpoint
CREATE INDEX "violations_observed" ON "violations" USING btree ("observed_at");--> statement-breakpoint
CREATE INDEX "violations_sector" ON "violations" USING btree ("sector_id","observed_at");--> statement-breakpoint
CREATE INDEX "violations_status" ON "violations" USING btree ("status");