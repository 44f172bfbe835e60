import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WallSettings } from '$lib/domain/cell/wall-settings';
import { describeEachBackend } from '../../support/backends';
import { CeasefireServer } from '../../support/ceasefire/server';
import { expectAnswer } from '../../support/http';
import type { Screen } from '../../support/screen';
import { SETUP_TIMEOUT_MS } from '../../support/server-process';

/**
 * The walls' settings against one production server per backend: the administrator's change is one
 * record, logged, and on every wall at once, the partners' too; nobody else may change it; a wrong
 * value is refused field by field and changes nothing.
 */

const OFFICER = 'ws-officer';
const WALL = 'ws-wall';
const DEU = 'ws-partner-deu';

describeEachBackend('wall settings on %s', (backendName) => {
	let server: CeasefireServer;
	let wallScreen: Screen;
	let partnerScreen: Screen;

	beforeAll(async () => {
		server = await CeasefireServer.start(backendName);
		await server.addPeople([
			{ username: OFFICER, role: 'officer' },
			{ username: WALL, role: 'wall' },
			{ username: DEU, role: 'partner', nation: 'DEU' }
		]);
		wallScreen = await server.screen(WALL);
		partnerScreen = await server.screen(DEU);
	}, SETUP_TIMEOUT_MS);
	afterAll(async () => {
		await server?.stop();
	});

	const patch = (cookie: string, body: unknown) => server.call(cookie, 'PATCH', '/api/v1/settings/wall', body);
	const settingsDelta = (screen: Screen) => screen.deltas.filter((d) => d.collection === 'settings' && d.op === 'upsert').at(-1);

	it('are not stored until the administrator changes them; walls use the defaults meanwhile', async () => {
		expect(wallScreen.snapshots[0]!.data.settings).toEqual([]);
		expectAnswer(await server.as('admin').get('/api/v1/settings/wall'), 404, 'before any change');
	});

	it("reach every wall, the partners' included, as one logged record", async () => {
		const saved = await patch(server.adminCookie, { rotate: true, panels: ['support', 'forces'], seconds: 45 });
		expectAnswer(saved, 200, 'the admin turns rotation on');
		expect(saved.body).toMatchObject({ id: 'wall', rotate: true, panels: ['forces', 'support'], seconds: 45, updatedBy: 'Administrator', releasableTo: 'coalition' });
		for (const screen of [wallScreen, partnerScreen]) {
			await screen.until((s) => settingsDelta(s)?.op === 'upsert', 'the settings delta');
			expect(settingsDelta(screen)).toMatchObject({ id: 'wall', record: { rotate: true, panels: ['forces', 'support'], seconds: 45 } });
		}
		// Only what is sent changes.
		expectAnswer(await patch(server.adminCookie, { rotate: false }), 200, 'the admin stops rotation');
		expect((await server.as(DEU).get('/api/v1/settings/wall')).body).toMatchObject({ rotate: false, panels: ['forces', 'support'], seconds: 45 });
		expect((await server.history('settings', 'wall')).map((e) => e.name)).toEqual(['settings.updated', 'settings.updated']);
	});

	it('are the administrator’s alone, and refuse a wrong value field by field, changing nothing', async () => {
		for (const who of [OFFICER, WALL, DEU]) expectAnswer(await patch(server.person(who).cookie, { seconds: 20 }), 403, who);
		const refused = await patch(server.adminCookie, { rotate: true, panels: [], seconds: 5 });
		expectAnswer(refused, 400, 'rotation over nothing, too fast');
		expect(Object.keys(refused.body.error.fields)).toContain('seconds');
		expectAnswer(await patch(server.adminCookie, { rotate: true, panels: [] }), 400, 'rotation over nothing');
		expectAnswer(await server.call(server.adminCookie, 'PATCH', '/api/v1/settings/desk', { seconds: 20 }), 404, 'another record');
		const now = (await server.as('admin').get('/api/v1/settings/wall')).body as WallSettings;
		expect(now).toMatchObject({ rotate: false, panels: ['forces', 'support'], seconds: 45 });
	});
});
