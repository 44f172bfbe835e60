import type { Alert } from '$lib/domain/cell/alerts';
import type { KpiBoardId, LiveKpis } from '$lib/domain/core/collections';
import { alertsCollection } from '../collections/cell';
import { listRecords, type ReadContext } from '../collections/registry';
import type { BoardDefinition } from '../realtime/boards/board';
import { ceasefireBoard } from '../realtime/boards/ceasefire';
import { commitmentsBoard } from '../realtime/boards/commitments';
import { cooperationBoard } from '../realtime/boards/cooperation';
import { forcesBoard } from '../realtime/boards/forces';
import { supportBoard } from '../realtime/boards/support';

const GUARANTEE_BOARDS: { [K in KpiBoardId]: BoardDefinition<LiveKpis[K]> } = {
	ceasefire: ceasefireBoard,
	support: supportBoard,
	forces: forcesBoard,
	commitments: commitmentsBoard,
	cooperation: cooperationBoard
};

/**
 * What the overview shows before its live connection is up, and all it shows without scripts: each
 * guarantee's KPIs as the snapshot gives them to this viewer, and the alerts nobody acknowledged yet.
 */
export async function overviewPicture(ctx: ReadContext): Promise<{ records: { alerts: Alert[] }; kpis: Partial<LiveKpis> }> {
	const alerts = await listRecords(ctx, alertsCollection);
	const kpis: Partial<LiveKpis> = {};
	const read = <K extends KpiBoardId>(id: K) => {
		const figures = ctx.kpis(GUARANTEE_BOARDS[id]);
		if (figures) kpis[id] = figures;
	};
	(Object.keys(GUARANTEE_BOARDS) as KpiBoardId[]).forEach(read);
	return { records: { alerts: alerts.filter((alert) => !alert.acknowledgedAt) }, kpis };
}
