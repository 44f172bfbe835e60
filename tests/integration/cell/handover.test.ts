import { expect, it } from 'vitest';
import type { Handover } from '$lib/domain/cell/handover';
import type { LogEntry } from '$lib/domain/cell/watch-log';
import { describeEachBackend } from '../../support/backends';
import { PLACES, REPORT_DEFAULTS, useServer, type CeasefireServer } from '../../support/ceasefire/server';
import { expectAnswer } from '../../support/http';
import type { Screen } from '../../support/screen';

/**
 * The shift handover against one production server per backend: the outgoing officer's handover
 * and the incoming one's acknowledgement, each in the watch log; the author cannot take over from
 * themselves, a handover is taken over once, and partners never see one.
 */

const OUTGOING = 'ho-outgoing';
const INCOMING = 'ho-incoming';
const DEU = 'ho-partner-deu';

describeEachBackend('shift handover on %s', (backendName) => {
	let server: CeasefireServer;
	let partnerScreen: Screen;

	useServer(
		backendName,
		[
			{ username: OUTGOING, role: 'officer' },
			{ username: INCOMING, role: 'officer' },
			{ username: DEU, role: 'partner', nation: 'DEU' }
		],
		async (started) => {
			server = started;
			partnerScreen = await server.screen(DEU);
		}
	);

	const log = async () => (await server.as('admin').get('/api/v1/log-entries')).body as LogEntry[];

	it('hands over with open items and has another officer take the watch, both in the watch log', async () => {
		const made = await server.as(OUTGOING).post('/api/v1/handovers', { summary: 'Quiet night, two reports pending', openItems: ['Alert not acknowledged: artillery near Pokrovsk', '2 reports awaiting verification'] });
		expectAnswer(made, 201, 'hand over');
		const handover = made.body as Handover;
		expect(handover).toMatchObject({ summary: 'Quiet night, two reports pending', acknowledgedBy: null, releasableTo: 'cell' });
		const [written] = await log();
		expect(written).toMatchObject({ authorName: server.person(OUTGOING).displayName, releasableTo: 'cell' });
		expect(written!.text).toContain('WATCH HANDOVER');
		expect(written!.text).toContain('- 2 reports awaiting verification');

		expectAnswer(await server.as(OUTGOING).post(`/api/v1/handovers/${handover.id}/acknowledge`), 403, 'the author taking over from themselves');
		expectAnswer(await server.as(DEU).post(`/api/v1/handovers/${handover.id}/acknowledge`), 403, 'a partner');
		const taken = await server.as(INCOMING).post(`/api/v1/handovers/${handover.id}/acknowledge`);
		expectAnswer(taken, 200, 'the incoming officer');
		expect(taken.body).toMatchObject({ acknowledgedBy: server.person(INCOMING).displayName, acknowledgedAt: expect.any(String) });
		expectAnswer(await server.as('admin').post(`/api/v1/handovers/${handover.id}/acknowledge`), 409, 'twice');
		expect((await log())[0]!.text).toMatch(/^WATCH TAKEN OVER by .+ from /);
		expect((await server.history('handovers', handover.id)).map((e) => e.name)).toEqual(['handovers.acknowledged', 'handovers.created']);
	});

	it('keeps handovers and their log lines from partners', async () => {
		await server.barrier(OUTGOING, partnerScreen);
		expect(partnerScreen.wire.some((frame) => frame.includes('WATCH HANDOVER') || frame.includes('"handovers"') && frame.includes('summary'))).toBe(false);
		expectAnswer(await server.as(DEU).get('/api/v1/handovers'), 200, 'a partner lists handovers');
		expect((await server.as(DEU).get('/api/v1/handovers')).body).toEqual([]);
		expectAnswer(await server.as(DEU).post('/api/v1/handovers', { summary: 'x', openItems: [] }), 403, 'a partner handing over');
	});

	it('drafts the open items from what the watch holds, on its page', async () => {
		const page = await server.as(INCOMING).get('/log/handover');
		expectAnswer(page, 200, 'the handover page');
		expect(page.text).toContain('Hand over the watch');
		// An open report awaiting verification is drafted as an open item.
		expectAnswer(await server.as(INCOMING).post('/api/v1/violations', { ...REPORT_DEFAULTS, ...PLACES.pokrovsk, observedAt: new Date(Date.now() - 60_000).toISOString() }), 201, 'a report');
		expect((await server.as(INCOMING).get('/log/handover')).text).toMatch(/\d+ violation report\(s\) awaiting verification/);
		expect((await server.as(DEU).get('/log/handover')).status).toBe(403);
	});
});
