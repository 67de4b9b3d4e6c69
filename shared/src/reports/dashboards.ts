import type { Attendance, Conference } from '../conferences/conference.schema.ts';
import type { Submission } from '../submissions/submission.schema.ts';
import { REASONS } from '../submissions/submission.schema.ts';
import type { Share } from './annual.ts';
import {
	conferenceTargets,
	dayNumber,
	dayOf,
	everyonesProgress,
	spanInYear,
	type PersonForTargets,
	type TargetPolicy
} from './targets.ts';

/**
 * The leaders' dashboards (issue 6): submissions over time by section and by reason, how many
 * radiologists meet their targets, attendance per conference, conferences offered against the
 * target per division, and how many submissions each QI initiative links. Pure and shared: the
 * director's and chiefs' browsers compute it from their local data (offline), the server from
 * the documents table for leadership viewers, who see aggregates only. Sequestered by
 * construction: inputs are narrowed to participation fields (no accession, description,
 * teaching point or reader), and the output holds counts, section names and conference titles
 * only; who submitted or met a target is used inside and never returned.
 */

/** The fields of a learning opportunity the dashboards read: when, where, why; never what. */
export type DashboardSubmission = Pick<
	Submission,
	'submitterId' | 'status' | 'submittedAt' | 'reason' | 'sectionId'
> & { qiInitiativeId: string | null };
export type DashboardConference = Pick<
	Conference,
	'id' | 'kind' | 'title' | 'sectionId' | 'startsAt' | 'status'
>;
export type DashboardAttendance = Pick<Attendance, 'conferenceId' | 'userId'>;

export interface DashboardInput {
	/** First and last day (inclusive, YYYY-MM-DD) of one calendar year or part of it. */
	from: string;
	to: string;
	/** Figures stop at this moment's day when it falls before `to`. */
	now: Date;
	/** IANA zone timestamps are read in; server and browser must pass the same one. */
	timeZone: string;
	/** The target policy in force for the year; null when none was set. */
	policy: TargetPolicy | null;
	/** Active sections (divisions), for names and the per-division targets. */
	sections: readonly { id: string; name: string }[];
	people: readonly PersonForTargets[];
	submissions: readonly DashboardSubmission[];
	conferences: readonly DashboardConference[];
	attendance: readonly DashboardAttendance[];
	/**
	 * False when the submissions are only part of the program's (a chief's device holds its own
	 * sections'): nobody's submission target can then be judged, so that share is left out.
	 */
	submissionsComplete: boolean;
}

export type Reason = Submission['reason'];
export interface SeriesRow {
	/** Section id ('' for unrouted) or reason. */
	key: string;
	total: number;
	/** One count per month of `months`. */
	byMonth: number[];
}
export interface AttendanceRow {
	conferenceId: string;
	title: string;
	kind: Conference['kind'];
	sectionId: string;
	startsAt: string;
	attendees: number;
}
export interface OfferedRow {
	/** Section id, or `department` for department-wide conferences. */
	key: string;
	kind: 'section' | 'department';
	/** Section name; '' for the department-wide row (the reader's language names it). */
	name: string;
	offered: number;
	/** Conferences to offer in the year; null without a policy. */
	target: number | null;
	met: boolean | null;
}
export interface Dashboards {
	from: string;
	to: string;
	/** Last day counted: `to`, or today when the range runs past it. */
	asOf: string;
	timeZone: string;
	/** YYYY-MM of each month from `from` to `to`. */
	months: string[];
	submissions: {
		total: number;
		byMonth: number[];
		/** Sections in name order, unrouted ('') last; only those with submissions or active. */
		bySection: (SeriesRow & { name: string })[];
		/** Every reason, in the form's order. */
		byReason: SeriesRow[];
	};
	targets: {
		year: number;
		/** Whether a target policy is set for the year. */
		policy: boolean;
		/** Radiologists the targets apply to (in the program during the year, up to `asOf`). */
		radiologists: number;
		/** Reached the year's submission target; null without a policy or complete data. */
		submissions: Share | null;
		/** Submitted at least what the completed periods so far ask (prorated). */
		submissionsOnTrack: Share | null;
		/** Reached every attendance minimum for the year. */
		attendance: Share | null;
		/** Reached every encouraged level; null when the policy sets none. */
		attendanceEncouraged: Share | null;
	};
	/** Conferences not cancelled in the range up to `asOf`, by start. */
	attendance: AttendanceRow[];
	/** Per division in name order, then department-wide. */
	offered: OfferedRow[];
	offeredTotals: { offered: number; target: number | null };
	/** Submitted learning opportunities linked to each QI initiative (counts only). */
	qiLinked: { initiativeId: string; submissions: number }[];
}

const share = (met: number, of: number): Share => ({ met, of, rate: of ? met / of : null });

/** The months from one day to another, as YYYY-MM. */
export function monthsBetween(from: string, to: string): string[] {
	const out: string[] = [];
	let y = +from.slice(0, 4);
	let m = +from.slice(5, 7);
	const last = to.slice(0, 7);
	for (;;) {
		const key = `${y}-${String(m).padStart(2, '0')}`;
		if (key > last) return out;
		out.push(key);
		if (++m > 12) [y, m] = [y + 1, 1];
	}
}

/** Submitted learning opportunities linked to each QI initiative, by initiative id. */
export function linkedToQi(
	submissions: readonly Pick<DashboardSubmission, 'status' | 'qiInitiativeId'>[]
): { initiativeId: string; submissions: number }[] {
	const n = new Map<string, number>();
	for (const s of submissions)
		if (s.status !== 'draft' && s.qiInitiativeId)
			n.set(s.qiInitiativeId, (n.get(s.qiInitiativeId) ?? 0) + 1);
	return [...n]
		.map(([initiativeId, submissions]) => ({ initiativeId, submissions }))
		.sort((a, b) => a.initiativeId.localeCompare(b.initiativeId));
}

/** Computes every dashboard for the range. `from` and `to` must fall in one calendar year. */
export function computeDashboards(input: DashboardInput): Dashboards {
	const { from, to, timeZone } = input;
	const year = +from.slice(0, 4);
	const today = dayOf(input.now.toISOString(), timeZone) ?? to;
	const asOf = today < to ? today : to;
	const inRange = (iso: string | null) => {
		const d = iso ? dayOf(iso, timeZone) : null;
		return d !== null && d >= from && d <= asOf ? d : null;
	};
	const months = monthsBetween(from, to);
	const monthIndex = new Map(months.map((m, i) => [m, i]));
	const zeros = () => months.map(() => 0);

	// Submissions over time.
	const byMonth = zeros();
	const sectionRows = new Map<string, number[]>();
	const reasonRows = new Map<string, number[]>(REASONS.map((r) => [r, zeros()]));
	let total = 0;
	for (const s of input.submissions) {
		if (s.status === 'draft') continue;
		const d = inRange(s.submittedAt);
		if (!d) continue;
		const i = monthIndex.get(d.slice(0, 7))!;
		total++;
		byMonth[i]!++;
		let row = sectionRows.get(s.sectionId);
		if (!row) sectionRows.set(s.sectionId, (row = zeros()));
		row[i]!++;
		reasonRows.get(s.reason)![i]!++;
	}
	const names = new Map(input.sections.map((s) => [s.id, s.name]));
	for (const s of input.sections) if (!sectionRows.has(s.id)) sectionRows.set(s.id, zeros());
	const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
	const bySection = [...sectionRows]
		.map(([key, counts]) => ({
			key,
			// A section since retired keeps its id as its name rather than vanishing.
			name: key === '' ? '' : (names.get(key) ?? key),
			total: sum(counts),
			byMonth: counts
		}))
		.sort(
			(a, b) =>
				Number(a.key === '') - Number(b.key === '') ||
				a.name.localeCompare(b.name) ||
				a.key.localeCompare(b.key)
		);
	const byReason = REASONS.map((key) => {
		const counts = reasonRows.get(key)!;
		return { key, total: sum(counts), byMonth: counts };
	});

	// Conferences offered and attended: not cancelled, started in the range up to today (the
	// annual report's rule, so the two agree).
	const counted = input.conferences
		.filter((c) => c.status !== 'cancelled' && inRange(c.startsAt))
		.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
	const attendees = new Map<string, Set<string>>();
	for (const a of input.attendance) {
		let set = attendees.get(a.conferenceId);
		if (!set) attendees.set(a.conferenceId, (set = new Set()));
		set.add(a.userId);
	}
	const attendance = counted.map((c) => ({
		conferenceId: c.id,
		title: c.title,
		kind: c.kind,
		sectionId: c.sectionId,
		startsAt: c.startsAt,
		attendees: attendees.get(c.id)?.size ?? 0
	}));

	const sections = [...input.sections].sort(
		(a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)
	);
	const targets = input.policy
		? conferenceTargets(
				input.policy,
				sections.map((s) => s.id)
			)
		: null;
	const offeredRows: OfferedRow[] = [
		...sections.map((s, i) => ({
			key: s.id,
			kind: 'section' as const,
			name: s.name,
			offered: 0,
			target: targets?.sections[i]!.target ?? null,
			met: null
		})),
		{
			key: 'department',
			kind: 'department',
			name: '',
			offered: 0,
			target: targets?.department ?? null,
			met: null
		}
	];
	const sectionRow = new Map(
		offeredRows.filter((r) => r.kind === 'section').map((r) => [r.key, r])
	);
	for (const c of counted) {
		// Image-quality rounds are the IQ program's, not a division's.
		const r =
			c.kind === 'department'
				? offeredRows.at(-1)
				: c.kind === 'section'
					? sectionRow.get(c.sectionId)
					: undefined;
		if (r) r.offered++;
	}
	const offered = offeredRows.map((r) => ({
		...r,
		met: r.target === null ? null : r.offered >= r.target
	}));

	return {
		from,
		to,
		asOf,
		timeZone,
		months,
		submissions: { total, byMonth, bySection, byReason },
		targets: targetShares(input, year, asOf),
		attendance,
		offered,
		offeredTotals: { offered: sum(offered.map((r) => r.offered)), target: targets?.total ?? null },
		qiLinked: linkedToQi(input.submissions)
	};
}

/** Radiologists meeting their targets, counted: nobody's name or count leaves this function. */
function targetShares(input: DashboardInput, year: number, asOf: string): Dashboards['targets'] {
	const { policy, timeZone } = input;
	// In the program by `asOf`: someone who joins in November is not counted in a March view.
	const people = input.people.filter((p) => {
		const joined = dayOf(p.createdAt, timeZone);
		return (
			p.roles.includes('radiologist') &&
			(!joined || joined <= asOf) &&
			spanInYear(p, year, timeZone) !== null
		);
	});
	const none = { submissions: null, submissionsOnTrack: null, attendanceEncouraged: null };
	if (!policy)
		return { year, policy: false, radiologists: people.length, attendance: null, ...none };
	// Progress is measured on `asOf`'s day; noon UTC keeps that day in every zone from -12 to +11.
	const at =
		dayNumber(asOf) < dayNumber(dayOf(input.now.toISOString(), timeZone) ?? asOf)
			? new Date(`${asOf}T12:00:00.000Z`)
			: input.now;
	const progress = everyonesProgress(
		policy,
		people,
		year,
		{
			submissions: input.submissions,
			attendance: input.attendance,
			conferences: input.conferences,
			iqReviews: []
		},
		at,
		timeZone
	).filter((p) => p.submissions || p.attendance);
	const n = progress.length;
	const subs = progress.filter((p) => p.submissions);
	const att = progress.filter((p) => p.attendance);
	const encouraged = att.some((p) => p.attendance!.metEncouraged !== null);
	return {
		year,
		policy: true,
		radiologists: n,
		submissions: input.submissionsComplete
			? share(subs.filter((p) => p.submissions!.met).length, subs.length)
			: null,
		submissionsOnTrack: input.submissionsComplete
			? share(subs.filter((p) => p.submissions!.onTrack).length, subs.length)
			: null,
		attendance: share(att.filter((p) => p.attendance!.metMinimum).length, att.length),
		attendanceEncouraged: encouraged
			? share(att.filter((p) => p.attendance!.metEncouraged).length, att.length)
			: null
	};
}
