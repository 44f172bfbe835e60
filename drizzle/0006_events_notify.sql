-- Wakes every process's log tailer once per appending statement (delivered at commit), so a write
-- spends no extra round trip on it while it holds the append lock.
CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('watchfloor_events', '');
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER events_notify AFTER INSERT ON events
	FOR EACH STATEMENT EXECUTE FUNCTION events_notify();
