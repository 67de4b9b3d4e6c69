import { describe, expect, it } from 'vitest';
import type { QiInitiative } from '@rounds/shared/reports/qi.schema';
import { emptyDraft, qiDoc, quarterlySummary, summaryRecords, type QiDraft } from './qi-form.ts';

const NOW = '2026-05-01T10:00:00.000Z';
const people = new Set(['p-chief']);
const make = (d: Partial<QiDraft>, prev: QiInitiative | null = null) =>
	qiDoc(
		{ ...emptyDraft('p-chief'), title: 'Protocol for PE CT', ...d },
		prev,
		NOW,
		() => 'qi-new',
		(id) => people.has(id)
	);

const qi = (over: Partial<QiInitiative>): QiInitiative => ({
	id: 'qi-x',
	createdAt: '2026-01-01T00:00:00.000Z',
	updatedAt: '2026-01-01T00:00:00.000Z',
	title: 'X',
	ownerId: 'p-chief',
	status: 'active',
	originKind: 'submission',
	startedOn: '2026-01-15',
	completedOn: null,
	outcome: '',
	...over
});

describe('QI form', () => {
	it('creates and edits an initiative', () => {
		const r = make({ status: 'active', startedOn: '2026-04-02', outcome: '  ' });
		expect(r).toEqual({
			ok: true,
			doc: {
				id: 'qi-new',
				createdAt: NOW,
				updatedAt: NOW,
				title: 'Protocol for PE CT',
				ownerId: 'p-chief',
				status: 'active',
				originKind: 'submission',
				startedOn: '2026-04-02',
				completedOn: null,
				outcome: ''
			}
		});
		const prev = r.ok ? r.doc : null;
		const edited = make(
			{ status: 'completed', startedOn: '2026-04-02', completedOn: '2026-04-30', outcome: 'Done' },
			prev
		);
		expect(edited.ok && edited.doc).toMatchObject({
			id: 'qi-new',
			createdAt: NOW,
			outcome: 'Done'
		});
	});

	it('names what to fix', () => {
		expect(make({ title: ' ', ownerId: 'p-nobody' })).toEqual({
			ok: false,
			errors: { title: 'titleRequired', ownerId: 'ownerRequired' }
		});
		expect(make({ status: 'active' })).toEqual({
			ok: false,
			errors: { startedOn: 'startRequired' }
		});
		expect(make({ status: 'completed', startedOn: '2026-04-02' })).toEqual({
			ok: false,
			errors: { completedOn: 'endRequired' }
		});
		expect(
			make({ status: 'completed', startedOn: '2026-04-02', completedOn: '2026-04-01' })
		).toEqual({ ok: false, errors: { completedOn: 'endBeforeStart' } });
		expect(make({ status: 'active', startedOn: '2026-04-02', completedOn: '2026-04-03' })).toEqual({
			ok: false,
			errors: { completedOn: 'endOnlyWhenDone' }
		});
	});
});

describe('quarterly summary', () => {
	const list = [
		qi({ id: 'a', title: 'A', startedOn: '2025-11-01' }), // continues all year
		qi({
			id: 'b',
			title: 'B',
			startedOn: '2026-02-10',
			status: 'completed',
			completedOn: '2026-05-20',
			outcome: 'Fewer repeats'
		}),
		qi({ id: 'c', title: 'C', startedOn: null, status: 'proposed' }), // not under way
		qi({
			id: 'd',
			title: 'D',
			startedOn: '2026-03-01',
			status: 'abandoned',
			completedOn: null,
			updatedAt: '2026-03-20T00:00:00.000Z'
		}),
		qi({
			id: 'e',
			title: 'E',
			startedOn: '2026-07-01',
			status: 'completed',
			completedOn: '2026-07-31'
		})
	];

	it('counts started, under way and completed per quarter', () => {
		const s = quarterlySummary(list, 2026);
		expect(s.map((q) => [q.quarter, q.first, q.last, q.started, q.active, q.completed])).toEqual([
			[1, '2026-01-01', '2026-03-31', 2, 3, 0],
			[2, '2026-04-01', '2026-06-30', 0, 2, 1],
			[3, '2026-07-01', '2026-09-30', 1, 2, 1],
			[4, '2026-10-01', '2026-12-31', 0, 1, 0]
		]);
		expect(s[0]!.initiatives.map((r) => [r.initiative.id, r.event])).toEqual([
			['a', 'continued'],
			['b', 'started'],
			['d', 'abandoned']
		]);
		expect(s[1]!.initiatives.map((r) => [r.initiative.id, r.event])).toEqual([
			['a', 'continued'],
			['b', 'completed']
		]);
	});

	it('makes CSV records with outcomes and linked counts', () => {
		const recs = summaryRecords(
			quarterlySummary(list, 2026).slice(1, 2),
			2026,
			() => 'Dr Chief',
			(kind, v) => `${kind}:${v}`,
			(id) => (id === 'b' ? 3 : null)
		);
		expect(recs[1]).toEqual({
			quarter: '2026-Q2',
			title: 'B',
			inQuarter: 'event:completed',
			status: 'status:completed',
			origin: 'origin:submission',
			owner: 'Dr Chief',
			startedOn: '2026-02-10',
			completedOn: '2026-05-20',
			linkedSubmissions: 3,
			outcome: 'Fewer repeats'
		});
		expect(recs[0]!.linkedSubmissions).toBe('');
	});
});
