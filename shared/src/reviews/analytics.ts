import { MODALITIES, type Modality } from '../common.schema.ts';
import type { IqReview } from './iq-review.schema.ts';

/**
 * Image-quality program analytics: completion, attention and the criteria most often unmet,
 * per modality and per site. Pure and shared: the leads' and director's browsers compute it
 * from their local data (offline), the server computes the same thing for leadership viewers,
 * who never receive reviews. Learning-oriented by construction: the input type carries no
 * reviewer, performer, accession or comment, so nothing in the output can identify a person.
 */

/** The only fields of a review the analytics read. */
export type AnalyticsReview = Pick<
	IqReview,
	| 'modality'
	| 'siteId'
	| 'status'
	| 'answers'
	| 'ranking'
	| 'attentionRequired'
	| 'dueOn'
	| 'templateId'
	| 'performedAt'
> & { escalation: { status: 'open' | 'closed' } | null };

/** A criteria template as the analytics need it (labels and ranking scale). */
export interface AnalyticsTemplate {
	id: string;
	data: {
		modality: Modality;
		version: number;
		criteria: { id: string; label: string }[];
		rankingScale: string[];
	};
}
export interface AnalyticsSite {
	id: string;
	name: string;
}

export interface AnalyticsQuery {
	/** Exams performed from this day to `to`, both inclusive (`YYYY-MM-DD`). */
	from: string;
	to: string;
	/** Only these modalities; every row is listed even when empty. Omitted: all present. */
	modalities?: readonly Modality[];
	/** Reviews still open and due before this day are overdue. */
	today: string;
}

export interface Counts {
	/** Every assignment except those handed to someone else (status `reassigned`). */
	assigned: number;
	submitted: number;
	declined: number;
	/** Assigned or started (draft), not yet submitted or declined. */
	open: number;
	/** Open and due before today. */
	overdue: number;
	/** submitted / assigned, between 0 and 1; null when nothing was assigned. */
	completion: number | null;
	/** Submitted reviews with "attention required" ticked. */
	attention: number;
	escalationsOpen: number;
	escalationsClosed: number;
}

export interface UnmetCriterion {
	modality: Modality;
	criterionId: string;
	label: string;
	/** Submitted reviews that answered "no". */
	unmet: number;
	/** Submitted reviews that answered yes or no (N/A is left out). */
	answered: number;
	/** unmet / answered. */
	rate: number;
}

export interface RankingDistribution {
	modality: Modality;
	/** The current scale's labels in order, then any older label still found on reviews. */
	counts: { label: string; count: number }[];
	total: number;
}

export interface IqAnalytics {
	from: string;
	to: string;
	totals: Counts;
	byModality: ({ modality: Modality } & Counts)[];
	bySite: ({ siteId: string; siteName: string } & Counts)[];
	/** Per modality (program order), most often unmet first. */
	unmetCriteria: UnmetCriterion[];
	rankings: RankingDistribution[];
}

const zero = (): Omit<Counts, 'completion'> => ({
	assigned: 0,
	submitted: 0,
	declined: 0,
	open: 0,
	overdue: 0,
	attention: 0,
	escalationsOpen: 0,
	escalationsClosed: 0
});
const withCompletion = (c: Omit<Counts, 'completion'>): Counts => ({
	...c,
	completion: c.assigned ? c.submitted / c.assigned : null
});

function count(c: Omit<Counts, 'completion'>, r: AnalyticsReview, today: string): void {
	if (r.status === 'reassigned') return;
	c.assigned++;
	if (r.status === 'submitted') {
		c.submitted++;
		if (r.attentionRequired) c.attention++;
	} else if (r.status === 'declined') c.declined++;
	else {
		c.open++;
		if (r.dueOn < today) c.overdue++;
	}
	if (r.escalation?.status === 'open') c.escalationsOpen++;
	else if (r.escalation?.status === 'closed') c.escalationsClosed++;
}

/** The day an exam was performed, as written in its timestamp (`YYYY-MM-DD`). */
const examDay = (r: Pick<AnalyticsReview, 'performedAt'>) => r.performedAt.slice(0, 10);

/** True when the review's exam falls in the query's dates and modalities. */
export function inScope(r: Pick<AnalyticsReview, 'performedAt' | 'modality'>, q: AnalyticsQuery) {
	const day = examDay(r);
	return day >= q.from && day <= q.to && (!q.modalities || q.modalities.includes(r.modality));
}

/** Computes the program analytics for the exams performed in the query's period. */
export function computeIqAnalytics(
	reviews: readonly AnalyticsReview[],
	templates: readonly AnalyticsTemplate[],
	sites: readonly AnalyticsSite[],
	q: AnalyticsQuery
): IqAnalytics {
	const scoped = reviews.filter((r) => inScope(r, q));
	const modOrder = (m: Modality) => MODALITIES.indexOf(m);

	const totals = zero();
	const perModality = new Map<Modality, Omit<Counts, 'completion'>>(
		(q.modalities ?? []).map((m) => [m, zero()])
	);
	const perSite = new Map<string, Omit<Counts, 'completion'>>();
	for (const r of scoped) {
		count(totals, r, q.today);
		count(perModality.get(r.modality) ?? set(perModality, r.modality, zero()), r, q.today);
		count(perSite.get(r.siteId) ?? set(perSite, r.siteId, zero()), r, q.today);
	}

	// Labels and scales come from the newest version that has them: ids survive rewording.
	const newestFirst = [...templates].sort((a, b) => b.data.version - a.data.version);
	const labelOf = (m: Modality, criterionId: string) =>
		newestFirst
			.find((t) => t.data.modality === m && t.data.criteria.some((c) => c.id === criterionId))
			?.data.criteria.find((c) => c.id === criterionId)?.label ?? criterionId;

	const submitted = scoped.filter((r) => r.status === 'submitted');
	const unmet = new Map<string, UnmetCriterion>();
	for (const r of submitted)
		for (const [criterionId, answer] of Object.entries(r.answers)) {
			if (answer === 'na') continue;
			const key = `${r.modality}\u0000${criterionId}`;
			const u =
				unmet.get(key) ??
				set(unmet, key, {
					modality: r.modality,
					criterionId,
					label: labelOf(r.modality, criterionId),
					unmet: 0,
					answered: 0,
					rate: 0
				});
			u.answered++;
			if (answer === 'no') u.unmet++;
		}
	const unmetCriteria = [...unmet.values()]
		.map((u) => ({ ...u, rate: u.unmet / u.answered }))
		.sort(
			(a, b) =>
				modOrder(a.modality) - modOrder(b.modality) ||
				b.rate - a.rate ||
				b.unmet - a.unmet ||
				a.label.localeCompare(b.label)
		);

	const rankings: RankingDistribution[] = [];
	const rankedModalities = [...new Set(submitted.map((r) => r.modality))].sort(
		(a, b) => modOrder(a) - modOrder(b)
	);
	for (const m of rankedModalities) {
		const scale = newestFirst.find((t) => t.data.modality === m)?.data.rankingScale ?? [];
		const tally = new Map<string, number>(scale.map((l) => [l, 0]));
		const older: string[] = [];
		for (const r of submitted) {
			if (r.modality !== m || !r.ranking) continue;
			if (!tally.has(r.ranking)) older.push(r.ranking);
			tally.set(r.ranking, (tally.get(r.ranking) ?? 0) + 1);
		}
		const labels = [...scale, ...[...new Set(older)].sort()];
		const counts = labels.map((label) => ({ label, count: tally.get(label) ?? 0 }));
		rankings.push({ modality: m, counts, total: counts.reduce((s, c) => s + c.count, 0) });
	}

	const siteName = new Map(sites.map((s) => [s.id, s.name]));
	return {
		from: q.from,
		to: q.to,
		totals: withCompletion(totals),
		byModality: [...perModality]
			.sort(([a], [b]) => modOrder(a) - modOrder(b))
			.map(([modality, c]) => ({ modality, ...withCompletion(c) })),
		bySite: [...perSite]
			.map(([siteId, c]) => ({
				siteId,
				siteName: siteName.get(siteId) ?? siteId,
				...withCompletion(c)
			}))
			.sort((a, b) => a.siteName.localeCompare(b.siteName)),
		unmetCriteria,
		rankings
	};
}

function set<K, V>(m: Map<K, V>, k: K, v: V): V {
	m.set(k, v);
	return v;
}

/** Keeps only the fields the analytics read, so nothing else can leak into their output. */
export function toAnalyticsReview(r: AnalyticsReview): AnalyticsReview {
	return {
		modality: r.modality,
		siteId: r.siteId,
		status: r.status,
		answers: r.answers,
		ranking: r.ranking,
		attentionRequired: r.attentionRequired,
		dueOn: r.dueOn,
		templateId: r.templateId,
		performedAt: r.performedAt,
		escalation: r.escalation ? { status: r.escalation.status } : null
	};
}

export type PeriodKind = 'month' | 'quarter' | 'year';
export interface PeriodRange {
	kind: PeriodKind;
	/** First and last day, inclusive. */
	from: string;
	to: string;
	/** `2026-03`, `2026-Q1` or `2026`. */
	key: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, month: number) => new Date(Date.UTC(y, month, 0)).getUTCDate();

/** The month, quarter or year containing `day` (`YYYY-MM-DD`), shifted by `offset` periods. */
export function periodRange(kind: PeriodKind, day: string, offset = 0): PeriodRange {
	const y0 = Number(day.slice(0, 4));
	const m0 = Number(day.slice(5, 7));
	if (kind === 'year') {
		const y = y0 + offset;
		return { kind, from: `${y}-01-01`, to: `${y}-12-31`, key: String(y) };
	}
	const span = kind === 'month' ? 1 : 3;
	// Months counted from year 0 make shifting across years plain arithmetic.
	const start = y0 * 12 + Math.floor((m0 - 1) / span) * span + offset * span;
	const y = Math.floor(start / 12);
	const first = (start % 12) + 1;
	const last = first + span - 1;
	return {
		kind,
		from: `${y}-${pad(first)}-01`,
		to: `${y}-${pad(last)}-${pad(lastDay(y, last))}`,
		key: kind === 'month' ? `${y}-${pad(first)}` : `${y}-Q${(first + 2) / 3}`
	};
}
