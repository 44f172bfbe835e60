-- The trends' rollups gained breakdowns (units by domain, reports and check-ins by sector): emptied here, they are
-- recomputed from the event log on the next start (rollupsIfMissing), the same as `npm run rollups:rebuild` gives.
DELETE FROM "rollups";
