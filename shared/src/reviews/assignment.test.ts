import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { iqReviewFactory, personFactory } from '../testing/factories.ts';
import {
	assignReviews,
	assignmentRule,
	defaultDueOn,
	isReviewerFor,
	parsePeriod,
	reassignedId,
	reassignment,
	ReassignmentRefused,
	seededRng,
	sfc32,
	suggestReviewers,
	type AssignmentInput,
	type AssignmentResult,
	type EngineExam,
	type EngineReviewer
} from './assignment.ts';

const reviewersOf = (n: number, siteIds = ['s1']): EngineReviewer[] =>
	Array.from({ length: n }, (_, i) => ({ id: `r${String(i).padStart(3, '0')}`, siteIds }));

/** `n` exams spread over sites by weight, performers cycling through `performers`. */
function examsOf(n: number, sites: Record<string, number>, performers: (string | null)[] = [null]) {
	const out: EngineExam[] = [];
	const total = Object.values(sites).reduce((a, b) => a + b, 0);
	let i = 0;
	for (const [siteId, w] of Object.entries(sites))
		for (let k = 0; k < Math.round((n * w) / total); k++, i++)
			out.push({
				id: `e${String(i).padStart(5, '0')}`,
				siteId,
				performerId: performers[i % performers.length]!
			});
	return out;
}

function counts(r: AssignmentResult) {
	return r.summary.perReviewer.map((p) => p.count);
}

/** The invariants every result must satisfy, whatever the input. */
function checkInvariants(input: AssignmentInput, r: AssignmentResult) {
	const exams = new Map(input.exams.map((e) => [e.id, e]));
	const skipped = new Set([
		...(input.existing ?? []).map((a) => a.examId),
		...(input.skipExamIds ?? [])
	]);
	const reviewerIds = new Set(input.reviewers.map((x) => x.id));
	const seen = new Set<string>();
	for (const a of r.assignments) {
		const e = exams.get(a.examId)!;
		expect(e, 'only given exams').toBeDefined();
		expect(e.performerId, 'never your own exam').not.toBe(a.reviewerId);
		expect(seen.has(a.examId), 'no exam twice').toBe(false);
		expect(skipped.has(a.examId), 'already-assigned exams skipped').toBe(false);
		expect(reviewerIds.has(a.reviewerId)).toBe(true);
		seen.add(a.examId);
	}
	expect(r.summary.assigned).toBe(r.assignments.length);
}

describe('seeded randomness', () => {
	it('sfc32 matches the PractRand reference (C, seeded 1,2,3,4)', () => {
		const next = sfc32(1, 2, 3, 4);
		// Printed by the reference C implementation compiled with gcc.
		expect([next(), next(), next(), next(), next()]).toEqual([
			7, 34, 56623200, 188882296, 3431242869
		]);
	});

	it('is reproducible per seed and differs between seeds', () => {
		const draw = (seed: string) => {
			const rng = seededRng(seed);
			return Array.from({ length: 8 }, () => rng.below(1000));
		};
		expect(draw('8f3a')).toEqual(draw('8f3a'));
		expect(draw('8f3a')).not.toEqual(draw('8f3b'));
		// Locks the stream: if this changes, stored seeds no longer replay (bump ENGINE_VERSION).
		expect(draw('rounds')).toEqual([567, 263, 650, 748, 263, 413, 908, 914]);
	});

	it('draws integers uniformly (each of 6 faces within 3% of 1/6 over 60,000 draws)', () => {
		const rng = seededRng('dice');
		const faces = [0, 0, 0, 0, 0, 0];
		for (let i = 0; i < 60_000; i++) faces[rng.below(6)]!++;
		for (const f of faces) expect(Math.abs(f - 10_000)).toBeLessThan(300);
		expect(() => rng.below(0)).toThrow(RangeError);
	});
});

describe('assignReviews', () => {
	const sites = { s1: 40, s2: 30, s3: 20, s4: 10 };

	it('gives every reviewer the count asked, never their own exam', () => {
		const reviewers = reviewersOf(20);
		const exams = examsOf(
			1000,
			sites,
			reviewers.map((r) => r.id)
		);
		const input: AssignmentInput = {
			exams,
			reviewers,
			mode: { kind: 'per-reviewer', count: 4 },
			seed: 'a'
		};
		const r = assignReviews(input);
		checkInvariants(input, r);
		expect(counts(r)).toEqual(Array(20).fill(4));
		expect(r.summary.shortfalls).toEqual([]);
		expect(r.summary.target).toBe(80);
	});

	it('samples sites in proportion to their exams and spreads each reviewer over sites', () => {
		const reviewers = reviewersOf(50);
		const r = assignReviews({
			exams: examsOf(2000, sites),
			reviewers,
			mode: { kind: 'per-reviewer', count: 4 },
			seed: 'spread'
		});
		expect(r.summary.perSite.map((s) => [s.siteId, s.assigned])).toEqual([
			['s1', 80],
			['s2', 60],
			['s3', 40],
			['s4', 20]
		]);
		const distinct = r.summary.perReviewer.map((p) => Object.keys(p.sites).length);
		// Four reviews from four sites of unequal size: at least three sites each.
		expect(Math.min(...distinct)).toBeGreaterThanOrEqual(3);
	});

	it('same seed and same input in any order: same assignment; another seed: another one', () => {
		const reviewers = reviewersOf(12);
		const exams = examsOf(
			300,
			sites,
			reviewers.map((r) => r.id)
		);
		const mode = { kind: 'per-reviewer', count: 3 } as const;
		const a = assignReviews({ exams, reviewers, mode, seed: 's' });
		const b = assignReviews({
			exams: [...exams].reverse(),
			reviewers: [...reviewers].sort(() => 0).reverse(),
			mode,
			seed: 's'
		});
		expect(b).toEqual(a);
		expect(assignReviews({ exams, reviewers, mode, seed: 't' }).assignments).not.toEqual(
			a.assignments
		);
	});

	it('samples a rate of the period and balances it within one', () => {
		const r = assignReviews({
			exams: examsOf(1000, sites),
			reviewers: reviewersOf(7),
			mode: { kind: 'rate', rate: 0.1 },
			seed: 'r'
		});
		expect(r.summary.assigned).toBe(100);
		expect(new Set(counts(r))).toEqual(new Set([14, 15]));
	});

	it('tops up instead of doubling when run again in the same period', () => {
		const reviewers = reviewersOf(5);
		const exams = examsOf(200, sites);
		const mode = { kind: 'per-reviewer', count: 4 } as const;
		const first = assignReviews({ exams, reviewers, mode, seed: 'x' });
		const again = assignReviews({ exams, reviewers, mode, seed: 'y', existing: first.assignments });
		expect(again.assignments).toEqual([]);
		expect(again.summary.alreadyAssigned).toBe(20);
		// One reviewer had only two: they get two more, nobody else gets any.
		const partial = first.assignments.filter((a, i) => a.reviewerId !== 'r000' || i % 4 < 2);
		const topUp = assignReviews({ exams, reviewers, mode, seed: 'z', existing: partial });
		expect(topUp.assignments.map((a) => a.reviewerId)).toEqual(['r000', 'r000']);
		const skipped = assignReviews({ exams, reviewers, mode, seed: 'z', skipExamIds: ['e00000'] });
		expect(skipped.assignments.map((a) => a.examId)).not.toContain('e00000');
		expect(skipped.summary.alreadyAssigned).toBe(1);
		const rate = { kind: 'rate', rate: 0.1 } as const;
		const r1 = assignReviews({ exams, reviewers, mode: rate, seed: 'x' });
		expect(r1.summary.assigned).toBe(20);
		expect(
			assignReviews({ exams, reviewers, mode: rate, seed: 'y', existing: r1.assignments }).summary
				.assigned
		).toBe(0);
	});

	it('reports, not crashes: fewer exams than needed', () => {
		const r = assignReviews({
			exams: examsOf(10, { s1: 1 }),
			reviewers: reviewersOf(3),
			mode: { kind: 'per-reviewer', count: 4 },
			seed: 'few'
		});
		expect(r.summary.assigned).toBe(10);
		expect([...counts(r)].sort()).toEqual([3, 3, 4]);
		expect(r.summary.shortfalls.map((s) => [s.missing, s.reason])).toEqual([
			[1, 'not-enough-exams'],
			[1, 'not-enough-exams']
		]);
	});

	it('reports, not crashes: the only reviewer performed every exam', () => {
		const r = assignReviews({
			exams: examsOf(6, { s1: 1 }, ['r000']),
			reviewers: reviewersOf(1),
			mode: { kind: 'per-reviewer', count: 2 },
			seed: 'lone'
		});
		expect(r.assignments).toEqual([]);
		expect(r.summary.unassignable).toEqual([
			{
				reason: 'performed-by-the-only-reviewer',
				count: 6,
				examIds: ['e00000', 'e00001', 'e00002', 'e00003', 'e00004', 'e00005']
			}
		]);
		expect(r.summary.shortfalls).toEqual([
			{ reviewerId: 'r000', missing: 2, reason: 'only-own-exams-left' }
		]);
	});

	it('one of two reviewers performed every exam: the other reviews, the shortfall is explained', () => {
		const r = assignReviews({
			exams: examsOf(10, { s1: 1 }, ['r000']),
			reviewers: reviewersOf(2),
			mode: { kind: 'per-reviewer', count: 3 },
			seed: 'two'
		});
		expect(counts(r)).toEqual([0, 3]);
		expect(r.summary.shortfalls).toEqual([
			{ reviewerId: 'r000', missing: 3, reason: 'only-own-exams-left' }
		]);
	});

	it('swaps when only a reviewer’s own exams are left (every seed of a tight roster)', () => {
		// A, B, C one review each; B performed e1, C performed e2 and e3. A greedy draw that gives
		// e1 to A leaves C with only their own exams: the engine must trade to give C e1.
		const exams = [
			{ id: 'e1', siteId: 's1', performerId: 'B' },
			{ id: 'e2', siteId: 's1', performerId: 'C' },
			{ id: 'e3', siteId: 's1', performerId: 'C' }
		];
		const reviewers = ['A', 'B', 'C'].map((id) => ({ id, siteIds: [] }));
		for (let seed = 0; seed < 40; seed++) {
			const input: AssignmentInput = {
				exams,
				reviewers,
				mode: { kind: 'per-reviewer', count: 1 },
				seed: String(seed)
			};
			const r = assignReviews(input);
			checkInvariants(input, r);
			expect(counts(r)).toEqual([1, 1, 1]);
			expect(r.assignments.find((a) => a.reviewerId === 'C')?.examId).toBe('e1');
		}
	});

	it('no reviewers, duplicates and bad modes', () => {
		const exams = examsOf(4, { s1: 1 });
		const r = assignReviews({
			exams: [...exams, exams[0]!],
			reviewers: [],
			mode: { kind: 'per-reviewer', count: 2 },
			seed: 'none'
		});
		expect(r.summary.duplicates).toBe(1);
		expect(r.summary.unassignable[0]).toMatchObject({ reason: 'no-reviewers', count: 4 });
		const base = { exams, reviewers: reviewersOf(2), seed: 'x' };
		expect(() => assignReviews({ ...base, mode: { kind: 'rate', rate: 1.5 } })).toThrow(RangeError);
		expect(() => assignReviews({ ...base, mode: { kind: 'per-reviewer', count: -1 } })).toThrow(
			RangeError
		);
	});
});

describe('assignReviews over random rosters (property)', () => {
	const roster = fc
		.record({
			reviewerCount: fc.integer({ min: 1, max: 12 }),
			siteCount: fc.integer({ min: 1, max: 4 }),
			examSpecs: fc.array(
				fc.record({
					site: fc.nat(3),
					// Performer: a reviewer (by index), someone else, or unknown.
					performer: fc.oneof(fc.nat(11), fc.constant(-1), fc.constant(-2))
				}),
				{ maxLength: 80 }
			),
			mode: fc.oneof(
				fc.record({
					kind: fc.constant('per-reviewer' as const),
					count: fc.integer({ min: 0, max: 8 })
				}),
				fc.record({
					kind: fc.constant('rate' as const),
					rate: fc.double({ min: 0, max: 1, noNaN: true })
				})
			),
			seed: fc.string({ maxLength: 12 }),
			permutation: fc.array(fc.nat(), { minLength: 100, maxLength: 100 })
		})
		.map(({ reviewerCount, siteCount, examSpecs, mode, seed, permutation }) => {
			const reviewers = reviewersOf(reviewerCount, ['s0']);
			const exams: EngineExam[] = examSpecs.map((x, i) => ({
				id: `e${i}`,
				siteId: `s${x.site % siteCount}`,
				performerId:
					x.performer === -1
						? null
						: x.performer === -2
							? 'outsider'
							: `r${String(x.performer % (reviewerCount + 1)).padStart(3, '0')}`
			}));
			return { input: { exams, reviewers, mode, seed } satisfies AssignmentInput, permutation };
		});

	it('never self-review, no exam twice, same seed same result in any order, balanced within one', () => {
		fc.assert(
			fc.property(roster, ({ input, permutation }) => {
				const r = assignReviews(input);
				checkInvariants(input, r);

				// Determinism whatever the order of the input.
				const order = (xs: readonly unknown[]) =>
					xs
						.map((x, i) => ({ x, k: permutation[i % permutation.length]! }))
						.sort((a, b) => a.k - b.k)
						.map((p) => p.x);
				const again = assignReviews({
					...input,
					exams: order(input.exams) as EngineExam[],
					reviewers: order(input.reviewers) as EngineReviewer[]
				});
				expect(again).toEqual(r);

				// Balance: everyone not explicitly short of non-own exams is within one.
				const short = new Set(
					r.summary.shortfalls
						.filter((s) => s.reason === 'only-own-exams-left')
						.map((s) => s.reviewerId)
				);
				const c = r.summary.perReviewer.filter((p) => !short.has(p.reviewerId)).map((p) => p.count);
				if (c.length) expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1);

				// "Only own exams left" is reported only when nothing could be done: every exam not
				// drawn is theirs, and every exam others hold is theirs too (no trade possible).
				const taken = new Map(r.assignments.map((a) => [a.examId, a.reviewerId]));
				for (const id of short) {
					for (const e of input.exams) {
						const holder = taken.get(e.id);
						if (holder === id) continue;
						expect(e.performerId).toBe(id);
					}
				}

				// The count asked is met when it is feasible: each reviewer has enough exams they
				// did not perform and the pool covers everyone.
				if (input.mode.kind === 'per-reviewer' && input.reviewers.length >= 2) {
					const k = input.mode.count;
					const feasible =
						input.exams.length >= k * input.reviewers.length &&
						input.reviewers.every(
							(rv) => input.exams.filter((e) => e.performerId !== rv.id).length >= k
						);
					if (feasible) expect(new Set(counts(r))).toEqual(new Set([k]));
				}
				if (input.mode.kind === 'rate' && input.reviewers.length >= 2)
					expect(r.summary.assigned).toBe(Math.round(input.mode.rate * input.exams.length));
			}),
			{ numRuns: Number(process.env.PROPERTY_RUNS ?? 300) }
		);
	});
});

describe('periods and rules', () => {
	it('parses months and quarters, refuses anything else', () => {
		expect(parsePeriod('2026-11')).toEqual({
			id: '2026-11',
			first: '2026-11-01',
			last: '2026-11-30',
			label: 'November 2026'
		});
		expect(parsePeriod('2028-02')?.last).toBe('2028-02-29');
		expect(parsePeriod('2026-Q4')).toMatchObject({
			first: '2026-10-01',
			last: '2026-12-31',
			label: 'Q4 2026'
		});
		for (const bad of ['2026-13', '2026-Q5', '26-11', '2026-11-01', ''])
			expect(parsePeriod(bad)).toBeUndefined();
	});

	it('is due 14 days after the period, or after today when the run is late', () => {
		const nov = parsePeriod('2026-11')!;
		expect(defaultDueOn(nov, '2026-11-20')).toBe('2026-12-14');
		expect(defaultDueOn(nov, '2026-12-05')).toBe('2026-12-19');
	});

	it('says why in words, within 300 characters', () => {
		const rule = assignmentRule('US', parsePeriod('2026-11')!, 'r-abc', '8f3a0c1d2e3f4a5b', {
			kind: 'per-reviewer',
			count: 4
		});
		expect(rule).toBe(
			'Random draw for US, November 2026 (run r-abc, seed 8f3a0c1d2e3f): 4 reviews per reviewer, never your own exam, balanced across reviewers and sites'
		);
		expect(
			assignmentRule('CT', parsePeriod('2026-Q4')!, 'r', 's', { kind: 'rate', rate: 0.125 })
		).toContain('12.5% of exams');
	});
});

describe('reviewers, reassignment and suggestions', () => {
	const sono = personFactory({ id: 'sono', roles: ['sonographer'], modalities: ['US'] });
	const tech = personFactory({ id: 'tech', roles: ['technologist'], modalities: ['US', 'CT'] });
	const busy = personFactory({ id: 'busy', roles: ['technologist'], modalities: ['US'] });
	const performer = personFactory({ id: 'perf', roles: ['sonographer'], modalities: ['US'] });
	const gone = personFactory({
		id: 'gone',
		roles: ['sonographer'],
		modalities: ['US'],
		active: false
	});
	const rad = personFactory({ id: 'rad', roles: ['radiologist'], modalities: ['US'] });
	const ctSono = personFactory({ id: 'ctsono', roles: ['sonographer'], modalities: ['CT'] });

	it('reviewers are active technologists of the modality, sonographers for ultrasound', () => {
		expect([sono, tech, gone, rad].map((p) => isReviewerFor(p, 'US'))).toEqual([
			true,
			true,
			false,
			false
		]);
		expect(isReviewerFor(ctSono, 'CT')).toBe(false);
		expect(isReviewerFor(tech, 'CT')).toBe(true);
	});

	const review = iqReviewFactory({
		id: 'iq-r1-exam-1',
		reviewerId: 'sono',
		performerId: 'perf',
		runId: 'r1',
		answers: { 'image-set': 'yes' },
		status: 'draft'
	});

	it('suggests eligible reviewers, least loaded first, never the performer or current reviewer', () => {
		const load = [
			iqReviewFactory({ reviewerId: 'busy', status: 'assigned' }),
			iqReviewFactory({ reviewerId: 'busy', status: 'draft' }),
			iqReviewFactory({ reviewerId: 'tech', status: 'submitted' }),
			iqReviewFactory({ reviewerId: 'tech', status: 'assigned', period: '2026-02' })
		];
		const s = suggestReviewers(review, [busy, tech, sono, performer, gone, rad], load);
		expect(s.map((x) => [x.person.id, x.open, x.inPeriod])).toEqual([
			['tech', 1, 1],
			['busy', 2, 2]
		]);
	});

	it('marks the old record reassigned and creates a fresh one with the rule in words', () => {
		const at = '2026-03-05T10:00:00.000Z';
		const { old, next } = reassignment(
			review,
			'tech',
			'lead-1',
			'Conflict of interest',
			at,
			'Dana Lead'
		);
		expect(old).toEqual({ ...review, status: 'reassigned', updatedAt: at });
		expect(next).toMatchObject({
			id: reassignedId(review.id, 'tech'),
			reviewerId: 'tech',
			examId: review.examId,
			status: 'assigned',
			answers: {},
			runId: '',
			createdAt: at,
			rule: 'Reassigned by Dana Lead on 2026-03-05 (first drawn in run r1): Conflict of interest'
		});
		expect(next.id.length).toBeLessThanOrEqual(64);
		// Deterministic: the same reassignment twice is the same document.
		expect(reassignment(review, 'tech', 'lead-1', 'Conflict of interest', at).next.id).toBe(
			next.id
		);
		expect(reassignedId(review.id, 'busy')).not.toBe(next.id);
	});

	it('refuses self-review and other impossible reassignments', () => {
		const at = '2026-03-05T10:00:00.000Z';
		const refused = (f: () => unknown) => expect(f).toThrow(ReassignmentRefused);
		refused(() => reassignment(review, 'perf', 'lead-1', 'x', at));
		refused(() => reassignment(review, 'sono', 'lead-1', 'x', at));
		refused(() => reassignment(review, 'tech', 'lead-1', '  ', at));
		refused(() => reassignment({ ...review, status: 'submitted' }, 'tech', 'lead-1', 'x', at));
		refused(() => reassignment({ ...review, status: 'reassigned' }, 'tech', 'lead-1', 'x', at));
		expect(() => reassignment(review, 'perf', 'lead-1', 'x', at)).toThrow(
			'Nobody reviews an exam they performed'
		);
	});
});
