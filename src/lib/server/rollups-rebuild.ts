/**
 * `npm run rollups:rebuild`: recomputes the trend rollups from the event log, on the database the
 * server would use (DATABASE_URL, else the embedded one in WATCHFLOOR_DATA_DIR — stop the server
 * first for that one: PGlite has one process at a time). Safe beside running Postgres servers: it
 * holds the append lock, so no write lands while it counts.
 */
import { readConfig } from './config';
import { openDatabase } from './db/client';
import { rebuildRollups } from './rollups';

const config = readConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
try {
	const started = performance.now();
	const result = await database.db.transaction((tx) => rebuildRollups(tx));
	console.log(`rollups rebuilt from ${result.events} events: ${result.rows} rows in ${Math.round(performance.now() - started)} ms`);
} finally {
	await database.close();
}
