import type { Modality } from '../common.schema.ts';
import type { Person } from '../identity/identity.schema.ts';
import type { IqReview } from './iq-review.schema.ts';

/**
 * Fair random assignment of image-quality reviews (DOMAIN.md, workflow A step 1): per modality
 * and period, exams drawn at random, proportionally across sites, each given to a reviewer who did
 * not perform it, workloads within one review of each other. Pure and deterministic: the same seed
 * and the same input, in any order, give the same assignment, so a stored run can be replayed and
 * audited. Bump ENGINE_VERSION whenever a change would draw differently from the same seed.
 */
export const ENGINE_VERSION = 'fair-v1';

// ---------------------------------------------------------------------------------------------
// Seeded randomness. sfc32 (Chris Doty-Humphrey's "small fast counting" generator from PractRand,
// public domain) passes PractRand and BigCrush, and is 32-bit integer arithmetic only, so it gives
// the same numbers in every browser and Node. Kept in the repo rather than taken from a library so
// a dependency upgrade can never silently change what a stored seed draws. The seed string is
// hashed to 128 bits with cyrb128 (bryc, public domain), the usual companion for seeding sfc32.
// ---------------------------------------------------------------------------------------------

/** 128-bit hash of a string as four unsigned 32-bit words (cyrb128). */
export function cyrb128(str: string): [number, number, number, number] {
	let h1 = 1779033703,
		h2 = 3144134277,
		h3 = 1013904242,
		h4 = 2773480762;
	for (let i = 0; i < str.length; i++) {
		const k = str.charCodeAt(i);
		h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
		h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
		h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
		h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
	}
	h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
	h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
	h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
	h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
	h1 ^= h2 ^ h3 ^ h4;
	h2 ^= h1;
	h3 ^= h1;
	h4 ^= h1;
	return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32 from four 32-bit words: a function returning the next unsigned 32-bit integer. */
export function sfc32(a: number, b: number, c: number, d: number): () => number {
	return () => {
		a |= 0;
		b |= 0;
		c |= 0;
		d |= 0;
		const t = (((a + b) | 0) + d) | 0;
		d = (d + 1) | 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) | 0;
		c = (c << 21) | (c >>> 11);
		c = (c + t) | 0;
		return t >>> 0;
	};
}

/** A seeded source of unbiased integers. */
export interface Rng {
	/** Uniform integer in [0, n), n ≥ 1, without modulo bias (rejection sampling). */
	below(n: number): number;
	/** Fisher–Yates shuffle of a copy. */
	shuffle<T>(xs: readonly T[]): T[];
}

/** A generator seeded by a string; the first outputs are discarded so nearby seeds diverge. */
export function seededRng(seed: string): Rng {
	const next = sfc32(...cyrb128(seed));
	for (let i = 0; i < 15; i++) next();
	const below = (n: number) => {
		if (!Number.isInteger(n) || n < 1) throw new RangeError('below(n) needs an integer n ≥ 1');
		const limit = 2 ** 32 - (2 ** 32 % n);
		for (;;) {
			const x = next();
			if (x < limit) return x % n;
		}
	};
	return {
		below,
		shuffle(xs) {
			const out = [...xs];
			for (let i = out.length - 1; i > 0; i--) {
				const j = below(i + 1);
				[out[i], out[j]] = [out[j]!, out[i]!];
			}
			return out;
		}
	};
}

// ---------------------------------------------------------------------------------------------
// The engine.
// ---------------------------------------------------------------------------------------------

export type AssignmentMode =
	{ kind: 'per-reviewer'; count: number } | { kind: 'rate'; rate: number };

export interface EngineExam {
	id: string;
	siteId: string;
	performerId: string | null;
}
export interface EngineReviewer {
	id: string;
	/** Where the reviewer works. Reported per site; deliberately not used to steer the draw. */
	siteIds: readonly string[];
}
/** A review that already exists in the period: its exam is not drawn again, its load counts. */
export interface ExistingAssignment {
	examId: string;
	reviewerId: string;
}

export interface AssignmentInput {
	exams: readonly EngineExam[];
	reviewers: readonly EngineReviewer[];
	mode: AssignmentMode;
	seed: string;
	existing?: readonly ExistingAssignment[];
	/** Exams not to draw that count towards nobody's load (e.g. reviews since reassigned). */
	skipExamIds?: readonly string[];
}

export interface Assignment {
	examId: string;
	reviewerId: string;
}

export type UnassignableReason = 'no-reviewers' | 'performed-by-the-only-reviewer';
export type ShortfallReason = 'not-enough-exams' | 'only-own-exams-left';

export interface AssignmentSummary {
	engine: string;
	/** Distinct exams given, before skipping those already assigned. */
	exams: number;
	/** Exams skipped because the period already has a review of them. */
	alreadyAssigned: number;
	/** Exams that appeared more than once in the input (counted once). */
	duplicates: number;
	/** Exams that could be drawn. */
	pool: number;
	/** Reviews the mode asks for in this run (after existing ones and the pool size). */
	target: number;
	assigned: number;
	perReviewer: {
		reviewerId: string;
		/** Reviews this run gives them. */
		count: number;
		/** Reviews they already had in the period. */
		existing: number;
		/** This run's reviews by exam site. */
		sites: Record<string, number>;
	}[];
	perSite: {
		siteId: string;
		pool: number;
		/** This site's proportional share of the draw. */
		quota: number;
		assigned: number;
		/** Reviewers who work at this site, and the reviews this run gives them. */
		reviewers: number;
		reviewsToReviewers: number;
	}[];
	/** Exams nobody may review, grouped by reason (first 50 ids each). */
	unassignable: { reason: UnassignableReason; count: number; examIds: string[] }[];
	/** Reviewers given fewer reviews than the mode asks for, and why. */
	shortfalls: { reviewerId: string; missing: number; reason: ShortfallReason }[];
}

export interface AssignmentResult {
	/** Sorted by reviewer, then exam. */
	assignments: Assignment[];
	summary: AssignmentSummary;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Input in a canonical order, so the draw never depends on the order the caller listed things. */
function canonical(input: AssignmentInput) {
	const seen = new Map<string, EngineExam>();
	let duplicates = 0;
	// Among entries sharing an id, keep the smallest by (site, performer): order-independent.
	const exams = [...input.exams].sort(
		(a, b) =>
			byId(a, b) ||
			cmp(a.siteId, b.siteId) ||
			cmp(a.performerId ?? '', b.performerId ?? '') ||
			Number(a.performerId === null) - Number(b.performerId === null)
	);
	for (const e of exams) {
		if (seen.has(e.id)) duplicates++;
		else seen.set(e.id, e);
	}
	const reviewers = new Map<string, EngineReviewer>();
	for (const r of [...input.reviewers].sort(byId))
		if (!reviewers.has(r.id)) reviewers.set(r.id, { id: r.id, siteIds: [...r.siteIds].sort() });
	const existing = [...(input.existing ?? [])].sort(
		(a, b) => cmp(a.examId, b.examId) || cmp(a.reviewerId, b.reviewerId)
	);
	return { exams: [...seen.values()], duplicates, reviewers: [...reviewers.values()], existing };
}

/** Largest-remainder apportionment of `total` by `weights`; ties go to the lower `rank`. */
function apportion(total: number, weights: number[], rank: number[]): number[] {
	const sum = weights.reduce((a, b) => a + b, 0);
	if (!sum) return weights.map(() => 0);
	const exact = weights.map((w) => (total * w) / sum);
	const out = exact.map(Math.floor);
	let left = total - out.reduce((a, b) => a + b, 0);
	const order = weights
		.map((_, i) => i)
		.sort((i, j) => exact[j]! - out[j]! - (exact[i]! - out[i]!) || rank[i]! - rank[j]!);
	for (const i of order) {
		if (left <= 0) break;
		out[i]!++;
		left--;
	}
	return out;
}

/**
 * Draws and assigns reviews. See the module comment for the guarantees; impossible cases (no
 * reviewers, a lone reviewer who performed every exam, too few exams) are reported in the
 * summary, never thrown.
 */
export function assignReviews(input: AssignmentInput): AssignmentResult {
	const { mode } = input;
	if (mode.kind === 'per-reviewer' && !(Number.isInteger(mode.count) && mode.count >= 0))
		throw new RangeError('The count per reviewer must be a whole number ≥ 0');
	if (mode.kind === 'rate' && !(mode.rate >= 0 && mode.rate <= 1))
		throw new RangeError('The sampling rate must be between 0 and 1');
	const rng = seededRng(input.seed);
	const { exams, duplicates, reviewers, existing } = canonical(input);

	const existingByReviewer = new Map<string, number>();
	const alreadyAssignedIds = new Set<string>();
	for (const a of existing) {
		alreadyAssignedIds.add(a.examId);
		existingByReviewer.set(a.reviewerId, (existingByReviewer.get(a.reviewerId) ?? 0) + 1);
	}
	for (const id of input.skipExamIds ?? []) alreadyAssignedIds.add(id);
	const eligible = exams.filter((e) => !alreadyAssignedIds.has(e.id));
	const alreadyAssigned = exams.length - eligible.length;

	// Exams nobody may review.
	const unassignable: AssignmentSummary['unassignable'] = [];
	let pool = eligible;
	if (reviewers.length === 0) {
		pool = [];
		if (eligible.length) unassignable.push(group('no-reviewers', eligible));
	} else if (reviewers.length === 1) {
		const only = reviewers[0]!.id;
		const own = eligible.filter((e) => e.performerId === only);
		pool = eligible.filter((e) => e.performerId !== only);
		if (own.length) unassignable.push(group('performed-by-the-only-reviewer', own));
	}

	// How many reviews each reviewer should get: water-filling from the lowest current load, ties
	// in a random order, so counts (existing + new) end within one of each other.
	const load = reviewers.map((r) => existingByReviewer.get(r.id) ?? 0);
	const wanted =
		mode.kind === 'per-reviewer'
			? load.map((l) => Math.max(0, mode.count - l))
			: reviewers.map(() => Infinity);
	const total =
		mode.kind === 'per-reviewer'
			? wanted.reduce((a, b) => a + b, 0)
			: Math.max(0, Math.round(mode.rate * (eligible.length + alreadyAssigned)) - alreadyAssigned);
	const target = Math.min(total, pool.length);
	const tieRank = new Map(rng.shuffle(reviewers.map((_, i) => i)).map((i, k) => [i, k]));
	const targets = reviewers.map(() => 0);
	const fillOrder = reviewers.map((_, i) => i);
	for (let n = 0; n < target; n++) {
		let best = -1;
		for (const i of fillOrder) {
			if (targets[i]! >= wanted[i]!) continue;
			if (
				best < 0 ||
				load[i]! + targets[i]! < load[best]! + targets[best]! ||
				(load[i]! + targets[i]! === load[best]! + targets[best]! &&
					tieRank.get(i)! < tieRank.get(best)!)
			)
				best = i;
		}
		targets[best]!++;
	}

	// Proportional site quotas and one shuffled queue per site.
	const siteIds = [...new Set(pool.map((e) => e.siteId))].sort();
	const siteRank = rng.shuffle(siteIds.map((_, i) => i));
	const siteSizes = siteIds.map((s) => pool.filter((e) => e.siteId === s).length);
	const quotaList = apportion(
		target,
		siteSizes,
		siteIds.map((_, i) => siteRank.indexOf(i))
	);
	const quota = new Map(siteIds.map((s, i) => [s, quotaList[i]!]));
	const remaining = new Map(quota);
	const queues = new Map(siteIds.map((s) => [s, rng.shuffle(pool.filter((e) => e.siteId === s))]));
	const rankOfSite = new Map(siteIds.map((s, i) => [s, siteRank.indexOf(i)]));

	const held = new Map<string, EngineExam[]>(reviewers.map((r) => [r.id, []]));
	const fromSite = new Map<string, Map<string, number>>(reviewers.map((r) => [r.id, new Map()]));
	const log: { exam: EngineExam; reviewerId: string }[] = [];
	const give = (reviewerId: string, exam: EngineExam) => {
		held.get(reviewerId)!.push(exam);
		const m = fromSite.get(reviewerId)!;
		m.set(exam.siteId, (m.get(exam.siteId) ?? 0) + 1);
	};
	const take = (exam: EngineExam) => {
		const q = queues.get(exam.siteId)!;
		q.splice(q.indexOf(exam), 1);
		remaining.set(exam.siteId, remaining.get(exam.siteId)! - 1);
	};
	const firstAllowed = (siteId: string, reviewerId: string) =>
		queues.get(siteId)!.find((e) => e.performerId !== reviewerId);

	/** Spread: the site this reviewer has the fewest exams from, then the most quota left. */
	const chooseSite = (reviewerId: string, sites: string[]) => {
		const m = fromSite.get(reviewerId)!;
		return sites.sort(
			(a, b) =>
				(m.get(a) ?? 0) - (m.get(b) ?? 0) ||
				remaining.get(b)! - remaining.get(a)! ||
				rankOfSite.get(a)! - rankOfSite.get(b)!
		)[0];
	};

	const direct = (reviewerId: string, sites: string[]) => {
		const site = chooseSite(
			reviewerId,
			sites.filter((s) => firstAllowed(s, reviewerId))
		);
		if (!site) return false;
		const exam = firstAllowed(site, reviewerId)!;
		take(exam);
		give(reviewerId, exam);
		log.push({ exam, reviewerId });
		return true;
	};
	// Only this reviewer's own exams are left: hand one of them to someone who already holds an
	// exam this reviewer may take, and take that one instead (every count stays the same).
	const swap = (reviewerId: string, sites: string[]) => {
		const own = sites.map((s) => queues.get(s)![0]).find((e) => e);
		if (!own) return false;
		for (let i = log.length - 1; i >= 0; i--) {
			const entry = log[i]!;
			if (entry.reviewerId === reviewerId || entry.exam.performerId === reviewerId) continue;
			const other = entry.reviewerId;
			const swapped = entry.exam;
			const list = held.get(other)!;
			list.splice(list.indexOf(swapped), 1);
			const m = fromSite.get(other)!;
			m.set(swapped.siteId, m.get(swapped.siteId)! - 1);
			take(own);
			give(other, own);
			entry.exam = own;
			give(reviewerId, swapped);
			log.push({ exam: swapped, reviewerId });
			return true;
		}
		return false;
	};
	/** One more review for this reviewer; proportions kept when possible, then counts. */
	const pick = (reviewerId: string): ShortfallReason | null => {
		const inQuota = siteIds.filter((s) => remaining.get(s)! > 0);
		const anySite = siteIds.filter((s) => queues.get(s)!.length > 0);
		if (
			direct(reviewerId, inQuota) ||
			swap(reviewerId, inQuota) ||
			direct(reviewerId, anySite) ||
			swap(reviewerId, anySite)
		)
			return null;
		return anySite.length ? 'only-own-exams-left' : 'not-enough-exams';
	};

	// Round robin in a random order: after every round counts differ by at most one.
	const order = rng.shuffle(reviewers.map((_, i) => i));
	const missing = new Map<string, ShortfallReason>();
	const rounds = Math.max(0, ...targets);
	for (let round = 1; round <= rounds; round++)
		for (const i of order) {
			const id = reviewers[i]!.id;
			if (targets[i]! < round || missing.has(id)) continue;
			const why = pick(id);
			if (why) missing.set(id, why);
		}

	// A reviewer left with only their own exams leaves their share to the least loaded others who
	// still want more, so the draw reaches its target whenever anyone can take the exams.
	let leftover = reviewers.reduce((n, r, i) => n + targets[i]! - held.get(r.id)!.length, 0);
	while (leftover > 0) {
		let best = -1;
		for (const i of order) {
			const r = reviewers[i]!;
			const got = held.get(r.id)!.length;
			if (missing.has(r.id) || got >= wanted[i]!) continue;
			if (best < 0 || load[i]! + got < load[best]! + held.get(reviewers[best]!.id)!.length)
				best = i;
		}
		if (best < 0) break;
		const id = reviewers[best]!.id;
		const why = pick(id);
		if (why) missing.set(id, why);
		else leftover--;
	}

	const assignments = log
		.map((l) => ({ examId: l.exam.id, reviewerId: l.reviewerId }))
		.sort((a, b) => cmp(a.reviewerId, b.reviewerId) || cmp(a.examId, b.examId));
	const assignedBySite = new Map<string, number>();
	for (const l of log)
		assignedBySite.set(l.exam.siteId, (assignedBySite.get(l.exam.siteId) ?? 0) + 1);

	const taken = new Set(assignments.map((a) => a.examId));
	const shortfalls: AssignmentSummary['shortfalls'] = [];
	reviewers.forEach((r, i) => {
		// A rate asks nothing of any one reviewer: only their share of the draw can fall short.
		const want = mode.kind === 'per-reviewer' ? wanted[i]! : targets[i]!;
		const got = held.get(r.id)!.length;
		if (got < want)
			shortfalls.push({
				reviewerId: r.id,
				missing: want - got,
				reason:
					missing.get(r.id) ??
					(eligible.some((e) => e.performerId === r.id && !taken.has(e.id))
						? 'only-own-exams-left'
						: 'not-enough-exams')
			});
	});

	return {
		assignments,
		summary: {
			engine: ENGINE_VERSION,
			exams: exams.length,
			alreadyAssigned,
			duplicates,
			pool: pool.length,
			target,
			assigned: assignments.length,
			perReviewer: reviewers.map((r, i) => ({
				reviewerId: r.id,
				count: held.get(r.id)!.length,
				existing: load[i]!,
				sites: Object.fromEntries([...fromSite.get(r.id)!].filter(([, n]) => n > 0).sort())
			})),
			perSite: [...new Set([...siteIds, ...reviewers.flatMap((r) => r.siteIds)])]
				.sort()
				.map((s) => {
					const at = reviewers.filter((r) => r.siteIds.includes(s));
					return {
						siteId: s,
						pool: pool.filter((e) => e.siteId === s).length,
						quota: quota.get(s) ?? 0,
						assigned: assignedBySite.get(s) ?? 0,
						reviewers: at.length,
						reviewsToReviewers: at.reduce((n, r) => n + held.get(r.id)!.length, 0)
					};
				}),
			unassignable,
			shortfalls
		}
	};
}

function group(reason: UnassignableReason, exams: EngineExam[]) {
	return { reason, count: exams.length, examIds: exams.slice(0, 50).map((e) => e.id) };
}

// ---------------------------------------------------------------------------------------------
// Periods, rules in words, reviewers, reassignment.
// ---------------------------------------------------------------------------------------------

const MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
];

export interface Period {
	/** As stored on reviews: `2026-11` or `2026-Q4`. */
	id: string;
	/** First and last calendar day (inclusive), `YYYY-MM-DD`. */
	first: string;
	last: string;
	/** `November 2026`, `Q4 2026`. */
	label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOf = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Parses a month (`2026-11`) or quarter (`2026-Q4`); undefined when it is neither. */
export function parsePeriod(id: string): Period | undefined {
	const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(id);
	if (month) {
		const y = Number(month[1]);
		const m = Number(month[2]);
		return {
			id,
			first: `${y}-${pad(m)}-01`,
			last: `${y}-${pad(m)}-${pad(lastDayOf(y, m))}`,
			label: `${MONTHS[m - 1]} ${y}`
		};
	}
	const quarter = /^(\d{4})-Q([1-4])$/.exec(id);
	if (quarter) {
		const y = Number(quarter[1]);
		const q = Number(quarter[2]);
		const m = q * 3;
		return {
			id,
			first: `${y}-${pad(m - 2)}-01`,
			last: `${y}-${pad(m)}-${pad(lastDayOf(y, m))}`,
			label: `Q${q} ${y}`
		};
	}
	return undefined;
}

/** Adds days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** Default due date: 14 days after the period ends, or after today when the run is late. */
export function defaultDueOn(period: Period, today: string): string {
	return addDays(period.last > today ? period.last : today, 14);
}

/** The mode in words: "4 reviews per reviewer", "10% of exams". */
export function modeInWords(mode: AssignmentMode): string {
	if (mode.kind === 'rate') return `${Math.round(mode.rate * 1000) / 10}% of exams`;
	return `${mode.count} review${mode.count === 1 ? '' : 's'} per reviewer`;
}

/** The answer to "why was this assigned to me", stored on each review (≤ 300 characters). */
export function assignmentRule(
	modality: Modality,
	period: Period,
	runId: string,
	seed: string,
	mode: AssignmentMode
): string {
	return (
		`Random draw for ${modality}, ${period.label} (run ${runId}, seed ${seed.slice(0, 12)}): ` +
		`${modeInWords(mode)}, never your own exam, balanced across reviewers and sites`
	).slice(0, 300);
}

/** Who reviews a modality: active technologists (sonographers for ultrasound) trained in it. */
export function isReviewerFor(
	p: Pick<Person, 'active' | 'roles' | 'modalities'>,
	modality: Modality
): boolean {
	if (!p.active || !p.modalities.includes(modality)) return false;
	return p.roles.includes('technologist') || (modality === 'US' && p.roles.includes('sonographer'));
}

const OPEN: IqReview['status'][] = ['assigned', 'draft'];

/**
 * Candidates to take over a review, least loaded first: open reviews (assigned or draft), then
 * everything they hold in the review's period, then id. Never the exam's performer, never the
 * current reviewer, only reviewers of the modality.
 */
export function suggestReviewers<P extends Pick<Person, 'id' | 'active' | 'roles' | 'modalities'>>(
	review: Pick<IqReview, 'modality' | 'performerId' | 'reviewerId' | 'period'>,
	people: readonly P[],
	reviews: readonly Pick<IqReview, 'reviewerId' | 'status' | 'period'>[]
): { person: P; open: number; inPeriod: number }[] {
	const open = new Map<string, number>();
	const inPeriod = new Map<string, number>();
	for (const r of reviews) {
		if (OPEN.includes(r.status)) open.set(r.reviewerId, (open.get(r.reviewerId) ?? 0) + 1);
		if (r.period === review.period && r.status !== 'reassigned')
			inPeriod.set(r.reviewerId, (inPeriod.get(r.reviewerId) ?? 0) + 1);
	}
	return people
		.filter(
			(p) =>
				isReviewerFor(p, review.modality) &&
				p.id !== review.performerId &&
				p.id !== review.reviewerId
		)
		.map((person) => ({
			person,
			open: open.get(person.id) ?? 0,
			inPeriod: inPeriod.get(person.id) ?? 0
		}))
		.sort((a, b) => a.open - b.open || a.inPeriod - b.inPeriod || cmp(a.person.id, b.person.id));
}

/** A reassignment the rules refuse, with the reason in words. */
export class ReassignmentRefused extends Error {}

/** Deterministic id of the review that takes over `reviewId` for `reviewerId` (≤ 64 chars). */
export function reassignedId(reviewId: string, reviewerId: string): string {
	const h = cyrb128(`${reviewId}|${reviewerId}`);
	return `iq-re-${h.map((x) => x.toString(16).padStart(8, '0')).join('')}`;
}

/**
 * A lead moves a review to another reviewer (conflict of interest, a decline, leave): the old
 * record is marked `reassigned` (so the first reviewer's device learns it is no longer theirs) and
 * a fresh, unanswered record is created for the new reviewer, its rule saying who moved it and
 * why. Same inputs, same new id: a double tap creates nothing twice.
 */
export function reassignment(
	review: IqReview,
	newReviewerId: string,
	leadId: string,
	reason: string,
	at: string,
	leadName?: string
): { old: IqReview; next: IqReview } {
	const why = reason.trim();
	if (!why) throw new ReassignmentRefused('Give a reason for reassigning');
	if (newReviewerId === review.performerId)
		throw new ReassignmentRefused('Nobody reviews an exam they performed');
	if (newReviewerId === review.reviewerId)
		throw new ReassignmentRefused('The review is already assigned to this reviewer');
	if (review.status === 'submitted')
		throw new ReassignmentRefused('A submitted review cannot be reassigned');
	if (review.status === 'reassigned')
		throw new ReassignmentRefused('This review was already reassigned');
	const from = review.runId ? ` (first drawn in run ${review.runId})` : '';
	const rule = `Reassigned by ${leadName?.trim() || leadId} on ${at.slice(0, 10)}${from}: ${why}`;
	return {
		old: { ...review, status: 'reassigned', updatedAt: at },
		next: {
			...review,
			id: reassignedId(review.id, newReviewerId),
			createdAt: at,
			updatedAt: at,
			reviewerId: newReviewerId,
			// Moved by hand: no longer the run's draw (and the new reviewer is notified on its own).
			runId: '',
			rule: rule.length > 300 ? `${rule.slice(0, 299)}…` : rule,
			status: 'assigned',
			answers: {},
			ranking: '',
			comment: '',
			attentionRequired: false,
			attentionReason: '',
			declineReason: '',
			submittedAt: null,
			escalation: null,
			roundsCandidate: false
		}
	};
}
