-- TRUNCATE bypasses row triggers: refuse it too, so no code path can empty the history.
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
	FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();
