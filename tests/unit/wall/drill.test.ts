import { describe, expect, it } from 'vitest';
import { drillPicture, sinceClock } from '$lib/client/wall/drill';
import type { Activation } from '$lib/domain/commitments/activations';
import type { Commitment, ResponseStatus } from '$lib/domain/commitments/commitments';
import { commitmentsKpis } from '$lib/domain/commitments/kpis';

const activation: Activation = {
	id: 'a1',
	scenario: 'Drill ALPHA',
	exercise: true,
	state: 'active',
	declaredBy: 'Officer Duval',
	declaredAt: '2026-01-06T04:00:00Z',
	confirmedBy: null,
	activatedAt: '2026-01-06T04:00:00Z',
	stoodDownBy: null,
	stoodDownAt: null,
	releasableTo: 'coalition'
};

let n = 0;
const commitment = (nation: string, status: ResponseStatus | null): Commitment => ({
	id: `c${++n}`,
	nation,
	type: 'military',
	text: 'x',
	status: 'in-force',
	response: status ? { activationId: 'a1', status, note: null, at: '2026-01-06T04:00:00Z', by: null } : null,
	lastChange: null,
	exercise: true,
	releasableTo: 'coalition'
});

describe('the drill board', () => {
	it('is absent while no activation is under way', () => {
		expect(drillPicture(null, [activation], [])).toBeNull();
	});

	it("puts the silent nations first, each with what it has answered, over the board's own figures", () => {
		const commitments = [commitment('POL', 'requested'), commitment('FRA', 'executing'), commitment('FRA', 'acknowledged'), commitment('DEU', 'requested'), commitment('DEU', 'completed'), commitment('ITA', null)];
		const figures = commitmentsKpis(commitments, [activation]).activation!;
		const drill = drillPicture(figures, [activation], commitments)!;
		expect(drill.scenario).toBe('Drill ALPHA');
		expect(drill.declaredBy).toBe('Officer Duval');
		expect(drill.nations.map((line) => [line.nation, line.silent])).toEqual([
			['DEU', true],
			['POL', true],
			['FRA', false]
		]);
		expect(drill.nations[0]!.answers).toMatchObject({ requested: 1, completed: 1 });
		expect(drill.nations[2]!.answers).toMatchObject({ requested: 0, acknowledged: 1, executing: 1 });
	});

	it('names a nation the figures call silent even before its commitments reach the screen', () => {
		const figures = { ...commitmentsKpis([], [activation]).activation!, requested: 1, silentNations: ['NLD'] };
		expect(drillPicture(figures, [], [])!.nations).toEqual([{ nation: 'NLD', answers: { requested: 0, acknowledged: 0, executing: 0, completed: 0, declined: 0 }, silent: true }]);
		expect(drillPicture(figures, [], [])!.scenario).toBeNull();
	});

	it('counts the time since activation as T+ hh:mm:ss, with days past the first', () => {
		expect(sinceClock('2026-01-06T04:00:00Z', new Date('2026-01-06T04:12:34Z'))).toBe('T+ 00:12:34');
		expect(sinceClock('2026-01-06T04:00:00Z', new Date('2026-01-08T07:04:05Z'))).toBe('T+ 2 d 03:04:05');
		expect(sinceClock('2026-01-06T04:00:00Z', new Date('2026-01-06T03:59:00Z'))).toBe('T+ 00:00:00');
		expect(sinceClock('not a time', new Date())).toBe('T+ --:--:--');
	});
});
