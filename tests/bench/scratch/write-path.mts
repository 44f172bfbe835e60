import postgres from 'postgres';
import { startWatchfloor, createUsers, cleanUpAll, startPool, prepareBuild, PgActivity, POSTGRES_URL, sleep } from '../harness';
import type { DriverWindow, RunSpec } from '../ipc';
import { ResourceMeter, servicePids } from '../proc';
import { Histogram } from '../stats';
await prepareBuild();
const pool = await startPool(0, 1);
const driver = pool.drivers[0]!;
const wf = await startWatchfloor({ nodes: 1, commandsPerSecond: 1_000_000, profileDir: process.env.PROF || null });
try {
  const cookies = await createUsers(wf, [{ username: 'bench-officer', role: 'officer', nation: 'FRA' }]);
  const node = wf.nodes[0]!;
  await driver.call('open', { officers: [{ url: node.url, cookie: cookies.get('bench-officer')! }] });
  for (const sync of ['on', 'off']) {
    const admin = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`alter database "${wf.database}" set synchronous_commit = ${sync}`);
    await admin.end();
    // new connections pick it up: restart not possible; pool connections keep old setting... use idle_timeout? force by terminating backends
    const a2 = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
    await a2.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${wf.database}' and pid <> pg_backend_pid()`);
    await a2.end();
    await sleep(500);
    for (const window of [1, 10, 50]) {
      const spec: RunSpec = { mode: 'max', window, tag: 'm', releasing: 'cell', nations: [], audience: { cell: 0, byNation: {} }, valveDeliveries: null };
      await driver.call('run', { spec });
      await sleep(2000);
      const act = new PgActivity([wf.database]); act.start();
      const meter = new ResourceMeter({ server: () => [node.pid], pg: () => servicePids([wf.database]) }); meter.start();
      await driver.call('mark'); await sleep(6000);
      const w = await driver.call<DriverWindow>('collect');
      const res = meter.stop(); const a = await act.stop();
      await driver.call('stop');
      const ack = Histogram.from(w.ack).summary();
      console.log(`sync_commit=${sync} window ${window}: ${(w.ok/6).toFixed(1)} cmds/s, ack p50 ${ack.p50?.toFixed(1)} p99 ${ack.p99?.toFixed(1)} ms; server ${res.cpuPercent.server!.toFixed(0)}% pg ${res.cpuPercent.pg!.toFixed(0)}% machine ${res.machineBusyPercent.toFixed(0)}%; errors ${JSON.stringify(w.errors)}`);
      console.log('   ', JSON.stringify(a));
    }
  }
} finally { await driver.call('close').catch(()=>{}); await wf.dispose(); await pool.dispose(); await cleanUpAll(); }
setTimeout(() => process.exit(), 1000).unref();
