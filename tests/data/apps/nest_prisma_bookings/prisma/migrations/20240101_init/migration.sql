CREATE TABLE "guests" (
    "id" SERIAL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "full_name" TEXT NOT NULL,
    "phone" TEXT,
    "passport_no" TEXT
);

CREATE TABLE "bookings" (
    "id" SERIAL PRIMARY KEY,
    "guest_id" INTEGER NOT NULL REFERENCES "guests"("id") ON DELETE CASCADE,
    "check_in" TIMESTAMP NOT NULL,
    "notes" TEXT
);

CREATE TABLE "audit_events" (
    "id" SERIAL PRIMARY KEY,
    "guest_id" INTEGER,
    "action" TEXT NOT NULL,
    "ip_address" TEXT NOT NULL,
    "at" TIMESTAMP NOT NULL DEFAULT now()
);

CREATE TABLE "request_logs" (
    "id" SERIAL PRIMARY KEY,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status_code" INTEGER NOT NULL,
    "headers" JSONB NOT NULL,
    "at" TIMESTAMP NOT NULL DEFAULT now()
);
