import type { Person } from '../identity/identity.schema.ts';
import type { Settings, TargetPolicyData } from '../org/settings.schema.ts';
import { targetPolicyData } from '../org/settings.schema.ts';

/**
 * Participation-target arithmetic (DOMAIN.md, "Targets and the annual report"), shared by the
 * browser (My progress, My submissions, the offline annual report) and the server (reminders,
 * the server's annual report), so both give the same figures. Pure: no clock, no I/O.
 *
 * Calendar rules, chosen once here:
 * - Days are calendar days in one time zone (`timeZone`, IANA name; omitted: the runtime's
 *   own). Pass the same zone on both sides to get identical figures.
 * - Months run from the 1st. Work weeks run Monday to Sunday and belong to the year of their
 *   Monday, so each week counts in exactly one year (52 or 53 a year).
 * - A person's span in the year runs from `createdAt` (joined) to, for an inactive person,
 *   `updatedAt` (the deactivation is their last change in the directory; there is no separate
 *   "left on" field). Periods partly inside the span count by the share inside it: calendar
 *   days for months and quarters, Monday–Friday days for work weeks (joining on a Saturday
 *   adds nothing to that week).
 * - Year targets are prorated (FTE when the policy says so, and the share of the year) and
 *   rounded to the nearest whole submission, conference or review (half up): 0.5 FTE × 53
 *   weeks = 26.5 → 27. They are met by reaching them: `count ≥ target`.
 * - "1 per month" is judged over the year (12 for a full year), not month by month.
 * - Attendance counts conferences not cancelled that started in the year (by `now`):
 *   department-wide = kind `department`; subspecialty = kind `section` of one of the person's
 *   sections; total = every conference attended, whatever its kind.
 * - Submissions count when submitted (not drafts) in the calendar year (also for weekly
 *   targets: the annual report counts calendar years); IQ reviews when submitted
 *   (declined and reassigned ones do not count), by their `submittedAt` day.
 * - Submission and attendance targets apply to radiologists; IQ review targets to
 *   technologists and sonographers.
 */

export type TargetPolicy = TargetPolicyData;
export type PersonForTargets = Pick<
	Person,
	'id' | 'roles' | 'fte' | 'sectionIds' | 'active' | 'createdAt' | 'updatedAt'
>;

// ---------------------------------------------------------------------------------------------
// Calendar days as integers (days since 1970-01-01), so day arithmetic has no DST surprises.
// ---------------------------------------------------------------------------------------------

/** `YYYY-MM-DD` → day number. */
export function dayNumber(day: string): number {
	return Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / 86_400_000;
}
/** Day number → `YYYY-MM-DD`. */
export function dayString(n: number): string {
	return new Date(n * 86_400_000).toISOString().slice(0, 10);
}
const ymd = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
/** 0 Monday … 6 Sunday. */
const weekday = (n: number) => (((n + 3) % 7) + 7) % 7;

const formatters = new Map<string, Intl.DateTimeFormat>();
const dayCache = new Map<string, Map<number, number>>();

/**
 * The calendar day of an ISO timestamp in `timeZone` (runtime zone when omitted) as a day
 * number; null for an unreadable timestamp. Reports call this 100,000 times: no strings.
 */
export function dayNumberOf(iso: string, timeZone?: string): number | null {
	const t = Date.parse(iso);
	if (Number.isNaN(t)) return null;
	if (timeZone === undefined)
		return Math.floor((t - new Date(t).getTimezoneOffset() * 60_000) / 86_400_000);
	if (timeZone === 'UTC') return Math.floor(t / 86_400_000);
	// Every zone's offset is a multiple of 15 minutes, so one answer serves a whole quarter hour:
	// a report over 100,000 timestamps formats a few thousand times, not 100,000.
	let cache = dayCache.get(timeZone);
	if (!cache || cache.size > 200_000) dayCache.set(timeZone, (cache = new Map()));
	const bucket = Math.floor(t / 900_000);
	let day = cache.get(bucket);
	if (day === undefined) {
		let f = formatters.get(timeZone);
		if (!f) {
			f = new Intl.DateTimeFormat('en-CA', {
				timeZone,
				year: 'numeric',
				month: '2-digit',
				day: '2-digit'
			});
			formatters.set(timeZone, f);
		}
		const parts = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]));
		day = ymd(+parts.year!, +parts.month!, +parts.day!);
		cache.set(bucket, day);
	}
	return day;
}

/**
 * The calendar day (`YYYY-MM-DD`) of an ISO timestamp in `timeZone` (runtime zone when
 * omitted); null for an unreadable timestamp.
 */
export function dayOf(iso: string, timeZone?: string): string | null {
	const n = dayNumberOf(iso, timeZone);
	return n === null ? null : dayString(n);
}

export const isLeapYear = (year: number) =>
	(year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
export const daysInYear = (year: number) => (isLeapYear(year) ? 366 : 365);

// ---------------------------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------------------------

export type PeriodKind = 'month' | 'work-week' | 'quarter';

/** One target period; `first` and `end` are day numbers, `end` exclusive. */
export interface TargetPeriod {
	kind: PeriodKind;
	/** `2026-03`, `2026-W12` (numbered within its year), `2026-Q1`. */
	id: string;
	first: number;
	end: number;
}

/** The periods of a year in order: 12 months, 4 quarters, or the 52–53 weeks whose Monday is in it. */
export function periodsOf(kind: PeriodKind, year: number): TargetPeriod[] {
	const key = `${kind}:${year}`;
	let periods = periodCache.get(key);
	if (!periods) periodCache.set(key, (periods = buildPeriods(kind, year)));
	return periods.slice();
}
const periodCache = new Map<string, TargetPeriod[]>();

function buildPeriods(kind: PeriodKind, year: number): TargetPeriod[] {
	const pad = (n: number) => String(n).padStart(2, '0');
	if (kind === 'month')
		return Array.from({ length: 12 }, (_, i) => ({
			kind,
			id: `${year}-${pad(i + 1)}`,
			first: ymd(year, i + 1, 1),
			end: ymd(year, i + 2, 1)
		}));
	if (kind === 'quarter')
		return Array.from({ length: 4 }, (_, i) => ({
			kind,
			id: `${year}-Q${i + 1}`,
			first: ymd(year, i * 3 + 1, 1),
			end: ymd(year, i * 3 + 4, 1)
		}));
	const jan1 = ymd(year, 1, 1);
	let monday = jan1 + ((7 - weekday(jan1)) % 7);
	const out: TargetPeriod[] = [];
	for (let w = 1; monday < ymd(year + 1, 1, 1); w++, monday += 7)
		out.push({ kind, id: `${year}-W${pad(w)}`, first: monday, end: monday + 7 });
	return out;
}

/** Work weeks counted in a year: 53 when it has 53 Mondays (2024, 2029), else 52. */
export function workWeeksIn(year: number): number {
	return periodsOf('work-week', year).length;
}

/** The period of `kind` containing `day` (`YYYY-MM-DD`), in the year it counts toward. */
export function periodContaining(kind: PeriodKind, day: string): TargetPeriod {
	const n = dayNumber(day);
	const y = +day.slice(0, 4);
	// A day before the year's first Monday belongs to the previous year's last week.
	for (const year of kind === 'work-week' ? [y, y - 1] : [y]) {
		const p = periodsOf(kind, year).find((q) => q.first <= n && n < q.end);
		if (p) return p;
	}
	throw new RangeError(`no ${kind} contains ${day}`);
}

// ---------------------------------------------------------------------------------------------
// Span and proration
// ---------------------------------------------------------------------------------------------

/**
 * Days `[first, end)` the person belonged to the program (unbounded when active or when the
 * timestamp is unreadable).
 */
export function employmentSpan(
	person: Pick<PersonForTargets, 'active' | 'createdAt' | 'updatedAt'>,
	timeZone?: string
): { first: number; end: number } {
	const joined = dayNumberOf(person.createdAt, timeZone);
	const left = person.active ? null : dayNumberOf(person.updatedAt, timeZone);
	return {
		first: joined ?? -Infinity,
		end: left === null ? Infinity : left + 1
	};
}

/** Days `[first, end)` of the year the person belonged to the program; null when none. */
export function spanInYear(
	person: Pick<PersonForTargets, 'active' | 'createdAt' | 'updatedAt'>,
	year: number,
	timeZone?: string
): { first: number; end: number } | null {
	return clip(employmentSpan(person, timeZone), year);
}

type Span = { first: number; end: number };
/** The part of an employment span inside a year; null when none. */
function clip(e: Span, year: number): Span | null {
	const first = Math.max(ymd(year, 1, 1), e.first);
	const end = Math.min(ymd(year + 1, 1, 1), e.end);
	return end > first ? { first, end } : null;
}

/** Share (0–1) of a period inside a span: calendar days, or Monday–Friday days for work weeks. */
function coverage(p: TargetPeriod, span: { first: number; end: number }): number {
	const first = Math.max(p.first, span.first);
	const end = Math.min(p.end, span.end);
	if (end <= first) return 0;
	if (p.kind !== 'work-week') return (end - first) / (p.end - p.first);
	let workdays = 0;
	for (let d = first; d < end; d++) if (weekday(d) < 5) workdays++;
	return workdays / 5;
}

/** Rounds to two decimals, so 0.1-style products compare as people expect (0.3 × 3 = 0.9). */
export const round2 = (n: number) => Math.round(n * 100) / 100;
/** A prorated year target in whole units, half up (26.5 → 27); the epsilon absorbs float noise. */
const wholeTarget = (n: number) => Math.round(n + 1e-9);

const isRadiologist = (p: Pick<PersonForTargets, 'roles'>) => p.roles.includes('radiologist');
const isReviewer = (p: Pick<PersonForTargets, 'roles'>) =>
	p.roles.includes('technologist') || p.roles.includes('sonographer');

/** Submissions per period the policy asks of this person: the count, times FTE when prorated. */
export function submissionsPerPeriod(
	policy: Pick<TargetPolicy, 'submissions'>,
	person: Pick<PersonForTargets, 'fte'>
): number {
	return policy.submissions.count * (policy.submissions.prorateByFte ? person.fte : 1);
}

/**
 * The person's submission target for the year (whole submissions), prorated by FTE when the
 * policy says so and by the part of the year they belonged to the program; null when it does not
 * apply (not a radiologist, or not in the program that year).
 */
export function submissionTarget(
	policy: TargetPolicy,
	person: PersonForTargets,
	year: number,
	timeZone?: string
): number | null {
	return submissionTargetIn(policy, person, year, employmentSpan(person, timeZone));
}
function submissionTargetIn(
	policy: TargetPolicy,
	person: PersonForTargets,
	year: number,
	span: Span
): number | null {
	if (!isRadiologist(person) || !clip(span, year)) return null;
	// Periods are measured against the whole employment span: a year's last work week runs
	// into January and still counts in full.
	const periods = periodsOf(policy.submissions.per, year);
	const share = periods.reduce((s, p) => s + coverage(p, span), 0);
	return wholeTarget(submissionsPerPeriod(policy, person) * share);
}

/** Whether a year's submission count meets the person's target (true when none applies). */
export function meetsSubmissionTarget(
	policy: TargetPolicy,
	person: PersonForTargets,
	year: number,
	count: number,
	timeZone?: string
): boolean {
	const target = submissionTarget(policy, person, year, timeZone);
	return target === null || count >= target;
}

export type AttendanceKind = 'total' | 'department' | 'subspecialty';
export const ATTENDANCE_KINDS: readonly AttendanceKind[] = ['total', 'department', 'subspecialty'];
export interface Level {
	minimum: number;
	encouraged: number | null;
}
export type AttendanceTargets = Record<AttendanceKind, Level>;
export type AttendanceCounts = Record<AttendanceKind, number>;

/**
 * The person's attendance targets for the year (whole conferences), prorated by the part of the
 * year they belonged to the program (not by FTE: a conference is not shorter for part-time
 * staff); null when they do not apply.
 */
export function attendanceTargets(
	policy: TargetPolicy,
	person: PersonForTargets,
	year: number,
	timeZone?: string
): AttendanceTargets | null {
	return attendanceTargetsIn(policy, person, year, employmentSpan(person, timeZone));
}
function attendanceTargetsIn(
	policy: TargetPolicy,
	person: PersonForTargets,
	year: number,
	employed: Span
): AttendanceTargets | null {
	const span = clip(employed, year);
	if (!isRadiologist(person) || !span) return null;
	const share = (span.end - span.first) / daysInYear(year);
	const level = (l: Level): Level => ({
		minimum: wholeTarget(l.minimum * share),
		encouraged: l.encouraged === null ? null : wholeTarget(l.encouraged * share)
	});
	return {
		total: level(policy.attendance.total),
		department: level(policy.attendance.department),
		subspecialty: level(policy.attendance.subspecialty)
	};
}

/** Whether attendance counts reach every minimum (true when no target applies). */
export function meetsAttendanceTarget(
	policy: TargetPolicy,
	person: PersonForTargets,
	year: number,
	counts: AttendanceCounts,
	timeZone?: string
): boolean {
	const t = attendanceTargets(policy, person, year, timeZone);
	return !t || ATTENDANCE_KINDS.every((k) => counts[k] >= t[k].minimum);
}

/**
 * Whether attendance reaches every encouraged level the policy sets; null when it sets none
 * (or no target applies).
 */
export function meetsEncouragedAttendance(
	policy: TargetPolicy,
	person: PersonForTargets,
	year: number,
	counts: AttendanceCounts,
	timeZone?: string
): boolean | null {
	const t = attendanceTargets(policy, person, year, timeZone);
	if (!t || ATTENDANCE_KINDS.every((k) => t[k].encouraged === null)) return null;
	return ATTENDANCE_KINDS.every((k) => counts[k] >= (t[k].encouraged ?? t[k].minimum));
}

/** Image-quality reviews the person owes for the year (whole reviews); null when none apply. */
export function iqReviewTarget(
	policy: TargetPolicy,
	person: PersonForTargets,
	year: number,
	timeZone?: string
): number | null {
	return iqReviewTargetIn(policy, person, year, employmentSpan(person, timeZone));
}
function iqReviewTargetIn(
	policy: TargetPolicy,
	person: PersonForTargets,
	year: number,
	span: Span
): number | null {
	if (!isReviewer(person) || !clip(span, year)) return null;
	const share = periodsOf(policy.iqReviews.period, year).reduce((s, p) => s + coverage(p, span), 0);
	return wholeTarget(policy.iqReviews.perReviewer * share);
}

/** Conferences the program should offer: per section, department-wide and in total. */
export function conferenceTargets(
	policy: Pick<TargetPolicy, 'conferences'>,
	sectionIds: readonly string[]
): { department: number; sections: { sectionId: string; target: number }[]; total: number } {
	const c = policy.conferences;
	const override = new Map(c.sections.map((s) => [s.sectionId, s.count]));
	const sections = sectionIds.map((sectionId) => ({
		sectionId,
		target: override.get(sectionId) ?? c.perSection
	}));
	const sum = c.department + sections.reduce((s, x) => s + x.target, 0);
	return { department: c.department, sections, total: c.total ?? sum };
}

// ---------------------------------------------------------------------------------------------
// Progress
// ---------------------------------------------------------------------------------------------

export interface ProgressData {
	submissions: readonly { submitterId: string; status: string; submittedAt: string | null }[];
	attendance: readonly { userId: string; conferenceId: string }[];
	conferences: readonly {
		id: string;
		kind: string;
		sectionId: string;
		startsAt: string;
		status: string;
	}[];
	iqReviews: readonly { reviewerId: string; status: string; submittedAt: string | null }[];
}

/** Progress in the current period and the year toward a count target. */
export interface CountProgress {
	/** The period containing `now`, when `now` is in the year. */
	period: { id: string; first: string; end: string } | null;
	/** Expected in the current period, prorated (may be fractional). */
	periodTarget: number;
	periodCount: number;
	periodMet: boolean;
	/** Year target (whole units). */
	target: number;
	count: number;
	met: boolean;
	/** Expected by the start of the current period (completed periods only, prorated). */
	expectedSoFar: number;
	/** A fractional expectation so far is met by the whole units it implies (0.9 → 0). */
	onTrack: boolean;
}

export interface AttendanceProgress {
	targets: AttendanceTargets;
	counts: AttendanceCounts;
	metMinimum: boolean;
	metEncouraged: boolean | null;
}

export interface PersonProgress {
	personId: string;
	year: number;
	/** The day progress was measured on (capped to the year's last day). */
	asOf: string;
	submissions: (CountProgress & { per: 'month' | 'work-week' }) | null;
	attendance: AttendanceProgress | null;
	iqReviews: (CountProgress & { per: 'month' | 'quarter' }) | null;
}

/** Counts of dated events per period and for the year, up to `asOf`. */
function countProgress(
	kind: PeriodKind,
	year: number,
	perPeriod: number,
	target: number,
	span: { first: number; end: number },
	days: readonly number[],
	today: number
): CountProgress {
	const yearFirst = ymd(year, 1, 1);
	const yearEnd = ymd(year + 1, 1, 1);
	const inYear = today >= yearFirst && today < yearEnd;
	const periods = periodsOf(kind, year);
	const current = inYear ? periods.find((p) => p.first <= today && today < p.end) : undefined;
	const count = days.filter((d) => d >= yearFirst && d < yearEnd && d <= today).length;
	const completed = periods.filter((p) => p.end <= today);
	const expectedSoFar = round2(perPeriod * completed.reduce((s, p) => s + coverage(p, span), 0));
	const periodTarget = current ? round2(perPeriod * coverage(current, span)) : 0;
	// The current period counts everything dated in it, so a submission from a device whose
	// clock runs a little ahead still shows this period; the year counts up to today.
	const periodCount = current
		? days.filter((d) => d >= current.first && d < current.end).length
		: 0;
	return {
		period: current
			? { id: current.id, first: dayString(current.first), end: dayString(current.end) }
			: null,
		periodTarget,
		periodCount,
		periodMet: periodCount >= periodTarget,
		target,
		count,
		met: count >= target,
		expectedSoFar,
		onTrack: count >= Math.floor(expectedSoFar)
	};
}

interface AttendedConference {
	conference: ProgressData['conferences'][number];
	/** Day number of its start. */
	day: number;
}
interface PersonEvents {
	submissionDays: number[];
	reviewDays: number[];
	conferences: AttendedConference[];
}

function personProgressFrom(
	policy: TargetPolicy,
	person: PersonForTargets,
	year: number,
	events: PersonEvents,
	today: number,
	timeZone: string | undefined
): PersonProgress {
	const asOf = Math.min(today, ymd(year + 1, 1, 1) - 1);
	const span = employmentSpan(person, timeZone);
	const inYear = clip(span, year);
	const out: PersonProgress = {
		personId: person.id,
		year,
		asOf: dayString(asOf),
		submissions: null,
		attendance: null,
		iqReviews: null
	};
	if (!inYear) return out;
	const subTarget = submissionTargetIn(policy, person, year, span);
	if (subTarget !== null)
		out.submissions = {
			per: policy.submissions.per,
			...countProgress(
				policy.submissions.per,
				year,
				submissionsPerPeriod(policy, person),
				subTarget,
				span,
				events.submissionDays,
				today
			)
		};
	const att = attendanceTargetsIn(policy, person, year, span);
	if (att) {
		const counts: AttendanceCounts = { total: 0, department: 0, subspecialty: 0 };
		const yearFirst = ymd(year, 1, 1);
		const yearEnd = ymd(year + 1, 1, 1);
		for (const { conference: c, day } of events.conferences) {
			if (c.status === 'cancelled' || day < yearFirst || day >= yearEnd || day > today) continue;
			counts.total++;
			if (c.kind === 'department') counts.department++;
			if (c.kind === 'section' && person.sectionIds.includes(c.sectionId)) counts.subspecialty++;
		}
		const met = (k: AttendanceKind, level: 'minimum' | 'encouraged') =>
			counts[k] >= (att[k][level] ?? att[k].minimum);
		out.attendance = {
			targets: att,
			counts,
			metMinimum: ATTENDANCE_KINDS.every((k) => met(k, 'minimum')),
			metEncouraged: ATTENDANCE_KINDS.every((k) => att[k].encouraged === null)
				? null
				: ATTENDANCE_KINDS.every((k) => met(k, 'encouraged'))
		};
	}
	const iqTarget = iqReviewTargetIn(policy, person, year, span);
	if (iqTarget !== null)
		out.iqReviews = {
			per: policy.iqReviews.period,
			...countProgress(
				policy.iqReviews.period,
				year,
				policy.iqReviews.perReviewer,
				iqTarget,
				span,
				events.reviewDays,
				today
			)
		};
	return out;
}

const todayOf = (now: Date, year: number, timeZone: string | undefined) =>
	dayNumberOf(now.toISOString(), timeZone) ?? ymd(year, 12, 31);

/** Groups the data by person once (days of submitted work, attended conferences). */
function indexByPerson(data: ProgressData, timeZone: string | undefined) {
	const byId = new Map<string, PersonEvents>();
	const of = (id: string) => {
		let e = byId.get(id);
		if (!e) byId.set(id, (e = { submissionDays: [], reviewDays: [], conferences: [] }));
		return e;
	};
	for (const s of data.submissions) {
		if (s.status === 'draft' || !s.submittedAt) continue;
		const d = dayNumberOf(s.submittedAt, timeZone);
		if (d !== null) of(s.submitterId).submissionDays.push(d);
	}
	for (const r of data.iqReviews) {
		if (r.status !== 'submitted' || !r.submittedAt) continue;
		const d = dayNumberOf(r.submittedAt, timeZone);
		if (d !== null) of(r.reviewerId).reviewDays.push(d);
	}
	// Each conference's day once, not once per attendee.
	const conferences = new Map<string, AttendedConference>();
	for (const conference of data.conferences) {
		const day = dayNumberOf(conference.startsAt, timeZone);
		if (day !== null) conferences.set(conference.id, { conference, day });
	}
	// One attendance per person and conference, even if the data holds a duplicate.
	const seen = new Set<string>();
	for (const a of data.attendance) {
		const c = conferences.get(a.conferenceId);
		const key = `${a.userId}\u0000${a.conferenceId}`;
		if (!c || seen.has(key)) continue;
		seen.add(key);
		of(a.userId).conferences.push(c);
	}
	return (id: string) => byId.get(id) ?? { submissionDays: [], reviewDays: [], conferences: [] };
}

/**
 * One person's progress toward every target that applies to them in `year`, as of `now`
 * (submissions, attendance with minimum and encouraged levels, IQ reviews). `data` may hold
 * everyone's records: only the person's are counted.
 */
export function personProgress(
	policy: TargetPolicy,
	person: PersonForTargets,
	year: number,
	data: ProgressData,
	now: Date,
	timeZone?: string
): PersonProgress {
	return personProgressFrom(
		policy,
		person,
		year,
		indexByPerson(data, timeZone)(person.id),
		todayOf(now, year, timeZone),
		timeZone
	);
}

/** Everyone's progress at once: the data is grouped by person a single time (for reports). */
export function everyonesProgress(
	policy: TargetPolicy,
	people: readonly PersonForTargets[],
	year: number,
	data: ProgressData,
	now: Date,
	timeZone?: string
): PersonProgress[] {
	const events = indexByPerson(data, timeZone);
	const today = todayOf(now, year, timeZone);
	return people.map((p) => personProgressFrom(policy, p, year, events(p.id), today, timeZone));
}

// ---------------------------------------------------------------------------------------------
// Policy documents and versions
// ---------------------------------------------------------------------------------------------

export interface PolicyVersion {
	doc: Settings;
	data: TargetPolicy;
}

/** Every readable version of a year's policy, newest first (version, then edit time, then id). */
export function policyVersions(docs: readonly Settings[], year: number): PolicyVersion[] {
	const out: PolicyVersion[] = [];
	for (const doc of docs) {
		if (doc.kind !== 'target-policy') continue;
		const r = targetPolicyData.safeParse(doc.data);
		if (r.success && r.data.year === year) out.push({ doc, data: r.data });
	}
	return out.sort(
		(a, b) =>
			b.data.version - a.data.version ||
			b.doc.updatedAt.localeCompare(a.doc.updatedAt) ||
			b.doc.id.localeCompare(a.doc.id)
	);
}

/**
 * The policy in force for a year: the newest active, not superseded version. Two directors
 * editing offline can both write version n+1; the same order on every device picks one, and the
 * editor shows the other so nothing is lost.
 */
export function currentPolicy(docs: readonly Settings[], year: number): PolicyVersion | null {
	return (
		policyVersions(docs, year).find((v) => v.doc.active && v.data.supersededAt === null) ?? null
	);
}

/** Document id of a year's policy version (`policy-2026` for the first, as the demo seeds it). */
export function policyDocId(year: number, version: number): string {
	return version === 1 ? `policy-${year}` : `policy-${year}-v${version}`;
}
