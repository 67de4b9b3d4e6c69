import { MODALITIES, type Modality } from '../common.schema.ts';
import type { Attendance, Conference } from '../conferences/conference.schema.ts';
import type { Person } from '../identity/identity.schema.ts';
import type { Settings } from '../org/settings.schema.ts';
import type { Submission } from '../submissions/submission.schema.ts';
import {
	computeIqAnalytics,
	toAnalyticsReview,
	type AnalyticsReview
} from '../reviews/analytics.ts';
import type { QiInitiative } from './qi.schema.ts';
import {
	conferenceTargets,
	currentPolicy,
	dayNumber,
	dayOf,
	dayString,
	everyonesProgress,
	spanInYear,
	type PersonForTargets,
	type TargetPolicy
} from './targets.ts';

/**
 * The annual peer learning report (source 002, "Annual Report"): the five required items and
 * the image-quality program's figures. Pure and shared: the director's browser computes it from
 * its local data (offline), the server from the documents table for leadership viewers and
 * administrative support, and both agree to the digit when given the same `now` and time zone.
 *
 * Sequestered by construction: the inputs are narrowed to participation fields (no accession,
 * description, teaching point, comment or reason), and the output holds counts, division names
 * and QI initiatives only. Who met a target is worked out inside (with the target arithmetic of
 * `targets.ts`) and never returned.
 */

/** The only fields of a person the report reads. */
export type AnnualPerson = PersonForTargets;
/** The only fields of a learning opportunity the report reads: who and when, never what. */
export type AnnualSubmission = Pick<Submission, 'submitterId' | 'submittedAt' | 'status'>;
export type AnnualConference = Pick<
	Conference,
	'id' | 'kind' | 'sectionId' | 'modality' | 'startsAt' | 'status'
> & {
	/** Number of cases on the agenda (the case ids themselves are not needed). */
	cases: number;
};
export type AnnualAttendance = Pick<Attendance, 'conferenceId' | 'userId'>;
export type AnnualQi = Pick<
	QiInitiative,
	'title' | 'status' | 'originKind' | 'startedOn' | 'completedOn' | 'outcome' | 'createdAt'
>;
export interface AnnualSection {
	id: string;
	name: string;
}

export interface AnnualInput {
	year: number;
	/** The moment the report is made: the current year is reported up to this day. */
	now: Date;
	/** IANA zone the calendar days are read in; both sides must pass the same one. */
	timeZone: string;
	/** The target policy in force for the year (`annualSettings`); null when none was set. */
	policy: TargetPolicy | null;
	people: readonly AnnualPerson[];
	submissions: readonly AnnualSubmission[];
	conferences: readonly AnnualConference[];
	attendance: readonly AnnualAttendance[];
	qi: readonly AnnualQi[];
	iqReviews: readonly AnalyticsReview[];
	sections: readonly AnnualSection[];
}

/** "n of N": how many radiologists met a requirement. */
export interface Share {
	met: number;
	of: number;
	/** met / of, between 0 and 1; null when nobody was expected to meet it. */
	rate: number | null;
}

export interface DivisionRow {
	/** Section id, or `department` for department-wide conferences. */
	key: string;
	kind: 'section' | 'department';
	/** Section name; '' for the department-wide row (the reader's language names it). */
	name: string;
	/** Conferences held in the year up to `asOf` (cancelled ones are not offered). */
	offered: number;
	/** Cases on the agendas of the conferences offered. */
	casesPresented: number;
	/** Conferences to offer per the policy; null without a policy. */
	target: number | null;
	met: boolean | null;
}

export interface QiRow {
	title: string;
	status: QiInitiative['status'];
	originKind: QiInitiative['originKind'];
	startedOn: string | null;
	completedOn: string | null;
	outcome: string;
}

export interface IqRow {
	assigned: number;
	completed: number;
	/** completed / assigned; null when nothing was assigned. */
	completion: number | null;
	/** Completed reviews with "attention required" ticked. */
	attention: number;
	escalationsClosed: number;
}

export interface AnnualFigures {
	year: number;
	/** Last day counted: the year's last day, or today while the year is under way. */
	asOf: string;
	/** False while the year is still under way (targets are for the whole year). */
	complete: boolean;
	timeZone: string;
	/** The targets the figures were measured against; null when none was set for the year. */
	policy: TargetPolicy | null;
	/** (1) Learning opportunities submitted in the year. */
	totalSubmissions: number;
	/** Radiologists in the program during the year (the denominator of 2 and 3). */
	radiologists: number;
	/** (2) Meeting every attendance minimum; null without a policy. */
	attendance: Share | null;
	/** Reaching the encouraged attendance levels; null without a policy or encouraged levels. */
	attendanceEncouraged: Share | null;
	/** (3) Meeting the submission requirement, prorated; null without a policy. */
	submissions: Share | null;
	/** (4) Per division (by name), then the department-wide row. */
	divisions: DivisionRow[];
	divisionTotals: { offered: number; casesPresented: number; target: number | null };
	/** (5) Quality-improvement initiatives from peer learning under way in the year. */
	qi: QiRow[];
	iq: {
		totals: IqRow;
		/** Every modality, in program order, even when nothing was assigned. */
		byModality: ({ modality: Modality } & IqRow)[];
		/** Image-quality rounds held in the year. */
		roundsHeld: number;
	};
}

/** Share of `met` among `of`; the rate is null when `of` is 0. */
export const share = (met: number, of: number): Share => ({ met, of, rate: of ? met / of : null });

/** Whole-number percentage as printed (half up); null stays null. */
export const percent = (rate: number | null): number | null =>
	rate === null ? null : Math.round(rate * 100 + 1e-9);

/** The report's calendar: which year a timestamp falls in, and the last day counted. */
export interface ReportCalendar {
	year: number;
	timeZone: string;
	/** Day number of the last day counted (inclusive). */
	last: number;
	asOf: string;
	complete: boolean;
}

/** The calendar of a report for `year` made at `now`. */
export function reportCalendar(year: number, now: Date, timeZone: string): ReportCalendar {
	const today = dayOf(now.toISOString(), timeZone) ?? `${year}-12-31`;
	const yearEnd = `${year}-12-31`;
	const asOf = today < yearEnd ? today : yearEnd;
	return { year, timeZone, last: dayNumber(asOf), asOf, complete: today > yearEnd };
}

/**
 * Radiologists in the program during the year up to its last day: the population of items 2
 * and 3 and of the OPPE export (the people `targets.ts` sets targets for).
 */
function inProgram(p: AnnualPerson, cal: ReportCalendar): boolean {
	if (!p.roles.includes('radiologist')) return false;
	const span = spanInYear(p, cal.year, cal.timeZone);
	return span !== null && span.first <= cal.last;
}

/** The day of a timestamp in the report's year and up to its last day; null otherwise. */
function dayInReport(iso: string | null, cal: ReportCalendar): string | null {
	if (!iso) return null;
	const d = dayOf(iso, cal.timeZone);
	return d && +d.slice(0, 4) === cal.year && dayNumber(d) <= cal.last ? d : null;
}

/**
 * Conferences that count in the report: not cancelled, started in the year up to its last day.
 * The same rule as attendance in `targets.ts`, so "offered" and "attended" agree.
 */
export const offeredIn = (
	c: Pick<Conference, 'status' | 'startsAt'>,
	cal: ReportCalendar
): boolean => c.status !== 'cancelled' && dayInReport(c.startsAt, cal) !== null;

/** Learning opportunities that count: submitted (not drafts) in the year up to its last day. */
export const submittedIn = (s: AnnualSubmission, cal: ReportCalendar): boolean =>
	s.status !== 'draft' && dayInReport(s.submittedAt, cal) !== null;

/** Sections (active, by id) and the policy in force for the year, from settings documents. */
export function annualSettings(
	settings: readonly Settings[],
	year: number
): { policy: TargetPolicy | null; sections: AnnualSection[] } {
	return {
		policy: currentPolicy(settings, year)?.data ?? null,
		sections: settings
			.filter((s) => s.kind === 'section' && s.active)
			.map((s) => ({ id: s.id, name: s.name }))
	};
}

/**
 * QI initiatives that came from peer learning (any origin but `other`) and were under way in
 * the year: started before its end and not completed or abandoned before its start. Proposals
 * without a start date count from the day they were recorded.
 */
export function qiInYear(qi: readonly AnnualQi[], year: number): QiRow[] {
	const first = `${year}-01-01`;
	const last = `${year}-12-31`;
	return qi
		.filter((q) => {
			if (q.originKind === 'other') return false;
			const start = q.startedOn ?? q.createdAt.slice(0, 10);
			const end = q.completedOn ?? (q.status === 'abandoned' ? start : '9999-12-31');
			return start <= last && end >= first;
		})
		.map((q) => ({
			title: q.title,
			status: q.status,
			originKind: q.originKind,
			startedOn: q.startedOn,
			completedOn: q.completedOn,
			outcome: q.outcome
		}))
		.sort(
			(a, b) =>
				(a.startedOn ?? '9999').localeCompare(b.startedOn ?? '9999') ||
				a.title.localeCompare(b.title)
		);
}

function divisions(input: AnnualInput, cal: ReportCalendar): DivisionRow[] {
	const sections = [...input.sections].sort(
		(a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)
	);
	const targets = input.policy
		? conferenceTargets(
				input.policy,
				sections.map((s) => s.id)
			)
		: null;
	const row = (key: string, kind: DivisionRow['kind'], name: string, target: number | null) => ({
		key,
		kind,
		name,
		offered: 0,
		casesPresented: 0,
		target,
		met: null
	});
	const rows = new Map<string, DivisionRow>(
		sections.map((s, i) => [
			s.id,
			row(s.id, 'section', s.name, targets?.sections[i]!.target ?? null)
		])
	);
	const department = row('department', 'department', '', targets?.department ?? null);
	for (const c of input.conferences) {
		if (!offeredIn(c, cal)) continue;
		const r =
			c.kind === 'department' ? department : c.kind === 'section' ? rows.get(c.sectionId) : null;
		if (!r) continue;
		r.offered++;
		r.casesPresented += c.cases;
	}
	return [...rows.values(), department].map((r) => ({
		...r,
		met: r.target === null ? null : r.offered >= r.target
	}));
}

function iqFigures(input: AnnualInput, cal: ReportCalendar): AnnualFigures['iq'] {
	// Exams performed in the year, by the day written in their timestamp (as the IQ analytics
	// count them everywhere). Their "today" decides only what is overdue, which is left out.
	const a = computeIqAnalytics(input.iqReviews, [], [], {
		from: `${cal.year}-01-01`,
		to: cal.asOf,
		modalities: MODALITIES,
		today: cal.asOf
	});
	const pick = (c: (typeof a)['totals']): IqRow => ({
		assigned: c.assigned,
		completed: c.submitted,
		completion: c.completion,
		attention: c.attention,
		escalationsClosed: c.escalationsClosed
	});
	return {
		totals: pick(a.totals),
		byModality: a.byModality.map((m) => ({ modality: m.modality, ...pick(m) })),
		roundsHeld: input.conferences.filter((c) => c.kind === 'iq-rounds' && offeredIn(c, cal)).length
	};
}

/** The radiologists' targets, met or not, counted: nobody's name or count leaves. */
function radiologistShares(input: AnnualInput, cal: ReportCalendar) {
	const { policy } = input;
	const radiologists = input.people.filter((p) => inProgram(p, cal));
	if (!policy)
		// Without a policy there is nothing to meet; the population is still reported.
		return {
			radiologists: radiologists.length,
			attendance: null,
			attendanceEncouraged: null,
			submissions: null
		};
	// `targets.ts` counts up to `now`'s day, capped to the year: a past year is judged on all of it.
	const progress = everyonesProgress(
		policy,
		radiologists,
		cal.year,
		{
			submissions: input.submissions,
			attendance: input.attendance,
			conferences: input.conferences,
			iqReviews: []
		},
		input.now,
		cal.timeZone
	);
	const n = progress.length;
	const encouraged = progress.filter((p) => p.attendance?.metEncouraged !== null);
	return {
		radiologists: n,
		attendance: share(progress.filter((p) => p.attendance?.metMinimum).length, n),
		attendanceEncouraged: encouraged.length
			? share(encouraged.filter((p) => p.attendance?.metEncouraged).length, n)
			: null,
		submissions: share(progress.filter((p) => p.submissions?.met).length, n)
	};
}

/** Computes the annual report's figures for `input.year`. */
export function computeAnnualReport(input: AnnualInput): AnnualFigures {
	const cal = reportCalendar(input.year, input.now, input.timeZone);
	const rad = radiologistShares(input, cal);
	const rows = divisions(input, cal);
	const total = input.policy
		? conferenceTargets(
				input.policy,
				input.sections.map((s) => s.id)
			).total
		: null;
	return {
		year: input.year,
		asOf: cal.asOf,
		complete: cal.complete,
		timeZone: cal.timeZone,
		policy: input.policy,
		totalSubmissions: input.submissions.filter((s) => submittedIn(s, cal)).length,
		...rad,
		divisions: rows,
		divisionTotals: {
			offered: rows.reduce((n, r) => n + r.offered, 0),
			casesPresented: rows.reduce((n, r) => n + r.casesPresented, 0),
			target: total
		},
		qi: qiInYear(input.qi, input.year),
		iq: iqFigures(input, cal)
	};
}

/** One row of the OPPE participation export: counts only, never content. */
export interface OppeRow {
	personId: string;
	name: string;
	email: string;
	/** `YYYY-MM`. */
	month: string;
	submissions: number;
	conferencesAttended: number;
}

/**
 * Participation per radiologist per month for OPPE (source 002: participation may feed the
 * evaluation of professionalism; learning content never does). Every radiologist in the
 * program during the year gets every month they belonged to it up to `asOf`, zeros included:
 * a missing row would read as missing data. Attendance counts as in the targets (conferences not cancelled).
 */
export function computeOppe(input: {
	year: number;
	now: Date;
	timeZone: string;
	people: readonly (AnnualPerson & { name: string; email: string })[];
	submissions: readonly AnnualSubmission[];
	conferences: readonly Pick<AnnualConference, 'id' | 'status' | 'startsAt'>[];
	attendance: readonly AnnualAttendance[];
}): OppeRow[] {
	const cal = reportCalendar(input.year, input.now, input.timeZone);
	const monthOf = (day: number) => dayString(day).slice(0, 7);
	const counts = new Map<string, { submissions: number; conferences: number }>();
	const bump = (personId: string, month: string, what: 'submissions' | 'conferences') => {
		const key = `${personId}\u0000${month}`;
		const c = counts.get(key) ?? { submissions: 0, conferences: 0 };
		c[what]++;
		counts.set(key, c);
	};
	for (const s of input.submissions) {
		const d = s.status === 'draft' ? null : dayInReport(s.submittedAt, cal);
		if (d) bump(s.submitterId, d.slice(0, 7), 'submissions');
	}
	const conferenceMonth = new Map<string, string>();
	for (const c of input.conferences) {
		const d = c.status === 'cancelled' ? null : dayInReport(c.startsAt, cal);
		if (d) conferenceMonth.set(c.id, d.slice(0, 7));
	}
	const seen = new Set<string>();
	for (const a of input.attendance) {
		const month = conferenceMonth.get(a.conferenceId);
		const key = `${a.userId}\u0000${a.conferenceId}`;
		if (!month || seen.has(key)) continue;
		seen.add(key);
		bump(a.userId, month, 'conferences');
	}
	return input.people
		.filter((p) => inProgram(p, cal))
		.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
		.flatMap((p) => {
			// The months the person belonged to the program, up to the report's last day.
			const span = spanInYear(p, cal.year, cal.timeZone)!;
			const from = monthOf(span.first);
			const to = monthOf(Math.min(span.end - 1, cal.last));
			const rows: OppeRow[] = [];
			for (let m = +from.slice(5, 7); m <= +to.slice(5, 7); m++) {
				const month = `${cal.year}-${String(m).padStart(2, '0')}`;
				const c = counts.get(`${p.id}\u0000${month}`);
				rows.push({
					personId: p.id,
					name: p.name,
					email: p.email,
					month,
					submissions: c?.submissions ?? 0,
					conferencesAttended: c?.conferences ?? 0
				});
			}
			return rows;
		});
}

/** The OPPE export's columns, in order, as written in its CSV header. */
export const OPPE_COLUMNS = [
	'radiologist',
	'email',
	'month',
	'submissions',
	'conferences_attended'
] as const;

/** OPPE rows as CSV records keyed by `OPPE_COLUMNS` (ids stay out of the file). */
export const oppeRecords = (rows: readonly OppeRow[]) =>
	rows.map((r) => ({
		radiologist: r.name,
		email: r.email,
		month: r.month,
		submissions: r.submissions,
		conferences_attended: r.conferencesAttended
	}));

/** Replicated documents as a device or the server holds them. */
export interface AnnualDocuments {
	people: readonly Person[];
	submissions: readonly AnnualSubmission[];
	conferences: readonly Pick<
		Conference,
		'id' | 'kind' | 'sectionId' | 'modality' | 'startsAt' | 'status' | 'caseIds'
	>[];
	attendance: readonly AnnualAttendance[];
	qi: readonly AnnualQi[];
	iqReviews: readonly AnalyticsReview[];
	settings: readonly Settings[];
}

/**
 * The report's input from whole documents (the director's device), narrowed to the fields the
 * report reads: the same shape the server reads in SQL.
 */
export function annualInputFromDocuments(
	docs: AnnualDocuments,
	year: number,
	now: Date,
	timeZone: string
): AnnualInput {
	return {
		year,
		now,
		timeZone,
		...annualSettings(docs.settings, year),
		people: docs.people.map((p) => ({
			id: p.id,
			roles: p.roles,
			fte: p.fte,
			sectionIds: p.sectionIds,
			active: p.active,
			createdAt: p.createdAt,
			updatedAt: p.updatedAt
		})),
		submissions: docs.submissions.map((s) => ({
			submitterId: s.submitterId,
			submittedAt: s.submittedAt,
			status: s.status
		})),
		conferences: docs.conferences.map((c) => ({
			id: c.id,
			kind: c.kind,
			sectionId: c.sectionId,
			modality: c.modality,
			startsAt: c.startsAt,
			status: c.status,
			cases: c.caseIds.length
		})),
		attendance: docs.attendance.map((a) => ({ conferenceId: a.conferenceId, userId: a.userId })),
		qi: docs.qi.map((q) => ({
			title: q.title,
			status: q.status,
			originKind: q.originKind,
			startedOn: q.startedOn,
			completedOn: q.completedOn,
			outcome: q.outcome,
			createdAt: q.createdAt
		})),
		iqReviews: docs.iqReviews.map(toAnalyticsReview)
	};
}

/** The OPPE export's input from whole documents (names and emails of the people included). */
export function oppeInputFromDocuments(
	docs: Pick<AnnualDocuments, 'people' | 'submissions' | 'conferences' | 'attendance'>,
	year: number,
	now: Date,
	timeZone: string
): Parameters<typeof computeOppe>[0] {
	const input = annualInputFromDocuments(
		{ ...docs, qi: [], iqReviews: [], settings: [] },
		year,
		now,
		timeZone
	);
	const contact = new Map(docs.people.map((p) => [p.id, p]));
	return {
		year,
		now,
		timeZone,
		people: input.people.map((p) => ({
			...p,
			name: contact.get(p.id)!.name,
			email: contact.get(p.id)!.email
		})),
		submissions: input.submissions,
		conferences: input.conferences,
		attendance: input.attendance
	};
}
