CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pledge_id" uuid NOT NULL,
	"donor" text NOT NULL,
	"category" text NOT NULL,
	"pledge_announced_on" date NOT NULL,
	"quantity" integer,
	"value_eur" numeric(15, 2),
	"status" text NOT NULL,
	"hub" text,
	"expected_on" date,
	"delivered_on" date,
	"last_step" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"exercise" boolean DEFAULT false NOT NULL,
	"releasable_to" jsonb DEFAULT '"cell"'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fortifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sector_id" text NOT NULL,
	"kind" text NOT NULL,
	"unit" text NOT NULL,
	"planned" double precision NOT NULL,
	"built" double precision DEFAULT 0 NOT NULL,
	"notes" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"exercise" boolean DEFAULT false NOT NULL,
	"releasable_to" jsonb DEFAULT '"cell"'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pledges" (
	"id" uuid PRIMARY KEY NOT NULL,
	"donor" text NOT NULL,
	"announced_on" date NOT NULL,
	"measure" text NOT NULL,
	"category" text NOT NULL,
	"item" text NOT NULL,
	"quantity" integer,
	"unit" text,
	"value_eur" numeric(15, 2),
	"valuation" text NOT NULL,
	"channel" text NOT NULL,
	"source" text,
	"delivered_quantity" integer DEFAULT 0 NOT NULL,
	"delivered_value_eur" numeric(15, 2) DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"exercise" boolean DEFAULT false NOT NULL,
	"releasable_to" jsonb DEFAULT '"cell"'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_pledge_id_pledges_id_fk" FOREIGN KEY ("pledge_id") REFERENCES "public"."pledges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fortifications" ADD CONSTRAINT "fortifications_sector_id_sectors_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."sectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deliveries_pledge" ON "deliveries" USING btree ("pledge_id");--> statement-breakpoint
CREATE INDEX "deliveries_expected" ON "deliveries" USING btree ("expected_on");--> statement-breakpoint
CREATE INDEX "fortifications_sector" ON "fortifications" USING btree ("sector_id");--> statement-breakpoint
CREATE INDEX "pledges_announced" ON "pledges" USING btree ("announced_on");--> statement-breakpoint
CREATE INDEX "pledges_donor" ON "pledges" USING btree ("donor");