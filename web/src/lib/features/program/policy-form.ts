import { targetPolicyData, type Settings } from '@rounds/shared/org/settings.schema';
import {
	policyDocId,
	policyVersions,
	type PolicyVersion,
	type TargetPolicy
} from '@rounds/shared/reports/targets';

/**
 * The director's policy form. Numbers are typed as text so an empty or odd field can be named in
 * the error instead of silently becoming 0; an empty optional field (an encouraged level, the
 * program-wide total, the reminder day) means "none".
 */
export interface PolicyDraft {
	attendance: Record<
		'total' | 'department' | 'subspecialty',
		{ minimum: string; encouraged: string }
	>;
	submissionsPer: 'month' | 'work-week';
	submissionsCount: string;
	prorateByFte: boolean;
	conferencesTotal: string;
	conferencesDepartment: string;
	conferencesPerSection: string;
	/** Section id → its own target ('' = the per-division default). */
	sectionCounts: Record<string, string>;
	iqPerReviewer: string;
	iqPeriod: 'month' | 'quarter';
	midPeriodDay: string;
	upcomingConferences: boolean;
	note: string;
}

/** A form problem as a message key of `program.errors` and its values (translated on screen). */
export interface FieldError {
	key: string;
	values?: Record<string, string | number>;
}
export type PolicyErrors = Record<string, FieldError>;

const str = (n: number | null) => (n === null ? '' : String(n));

/** A first policy for a year with no targets (source 002's first sample, a common start). */
export function defaultPolicy(year: number): TargetPolicy {
	return {
		year,
		version: 1,
		editedById: '',
		note: '',
		supersededAt: null,
		attendance: {
			total: { minimum: 3, encouraged: null },
			department: { minimum: 0, encouraged: null },
			subspecialty: { minimum: 0, encouraged: null }
		},
		submissions: { per: 'month', count: 1, prorateByFte: true },
		conferences: { total: 6, department: 0, perSection: 0, sections: [] },
		iqReviews: { perReviewer: 4, period: 'month' },
		reminders: { midPeriodDay: 15, upcomingConferences: true }
	};
}

/** The form's values for an existing policy. */
export function draftFrom(p: TargetPolicy): PolicyDraft {
	const level = (l: { minimum: number; encouraged: number | null }) => ({
		minimum: String(l.minimum),
		encouraged: str(l.encouraged)
	});
	return {
		attendance: {
			total: level(p.attendance.total),
			department: level(p.attendance.department),
			subspecialty: level(p.attendance.subspecialty)
		},
		submissionsPer: p.submissions.per,
		submissionsCount: String(p.submissions.count),
		prorateByFte: p.submissions.prorateByFte,
		conferencesTotal: str(p.conferences.total),
		conferencesDepartment: String(p.conferences.department),
		conferencesPerSection: String(p.conferences.perSection),
		sectionCounts: Object.fromEntries(
			p.conferences.sections.map((s) => [s.sectionId, String(s.count)])
		),
		iqPerReviewer: String(p.iqReviews.perReviewer),
		iqPeriod: p.iqReviews.period,
		midPeriodDay: str(p.reminders.midPeriodDay),
		upcomingConferences: p.reminders.upcomingConferences,
		note: ''
	};
}

/** '' → null; anything else must read as a number ("abc" → NaN, which the schema refuses). */
const num = (s: string) => (s.trim() === '' ? null : Number(s.trim().replace(',', '.')));
const required = (s: string) => num(s) ?? Number.NaN;

/** Turns a schema issue into a translatable error, keyed by the form field it concerns. */
function errorFor(
	issue: { code: string; path: PropertyKey[]; message: string },
	d: PolicyDraft,
	sectionOrder: string[]
): [string, FieldError] {
	const path = issue.path.map(String);
	let field = path.join('.');
	if (path[0] === 'conferences' && path[1] === 'sections')
		field = `conferences.sections.${sectionOrder[Number(path[2])] ?? ''}`;
	if (path[0] === 'year') return [field, { key: 'year' }];
	if (path[0] === 'attendance' && path[2] === 'encouraged' && issue.code === 'custom') {
		const level = d.attendance[path[1] as 'total'];
		return [
			field,
			{ key: 'aboveEncouraged', values: { minimum: level.minimum, encouraged: level.encouraged } }
		];
	}
	if (field === 'reminders.midPeriodDay')
		return [field, { key: d.submissionsPer === 'work-week' ? 'weekday' : 'monthDay' }];
	if (/enter a number/.test(issue.message) || issue.code === 'invalid_type')
		return [field, { key: /whole/.test(issue.message) ? 'whole' : 'number' }];
	if (/whole number/.test(issue.message)) return [field, { key: 'whole' }];
	if (/0 or more/.test(issue.message)) return [field, { key: 'negative' }];
	if (/or less/.test(issue.message)) return [field, { key: 'tooLarge' }];
	return [field, { key: 'invalid' }];
}

/**
 * Reads the form into policy data for `year`, checked by the shared schema (the server checks the
 * same again); errors are keyed by field (`attendance.total.minimum`, `conferences.sections.<id>`).
 */
export function policyFromDraft(
	d: PolicyDraft,
	year: number
): { ok: true; data: TargetPolicy } | { ok: false; errors: PolicyErrors } {
	const level = (l: { minimum: string; encouraged: string }) => ({
		minimum: required(l.minimum),
		encouraged: num(l.encouraged)
	});
	const sectionOrder = Object.keys(d.sectionCounts).filter(
		(id) => d.sectionCounts[id]!.trim() !== ''
	);
	const candidate = {
		year,
		version: 1,
		editedById: '',
		note: d.note.trim(),
		supersededAt: null,
		attendance: {
			total: level(d.attendance.total),
			department: level(d.attendance.department),
			subspecialty: level(d.attendance.subspecialty)
		},
		submissions: {
			per: d.submissionsPer,
			count: required(d.submissionsCount),
			prorateByFte: d.prorateByFte
		},
		conferences: {
			total: num(d.conferencesTotal),
			department: required(d.conferencesDepartment),
			perSection: required(d.conferencesPerSection),
			sections: sectionOrder.map((sectionId) => ({
				sectionId,
				count: required(d.sectionCounts[sectionId]!)
			}))
		},
		iqReviews: { perReviewer: required(d.iqPerReviewer), period: d.iqPeriod },
		reminders: { midPeriodDay: num(d.midPeriodDay), upcomingConferences: d.upcomingConferences }
	};
	const r = targetPolicyData.safeParse(candidate);
	if (r.success) return { ok: true, data: r.data };
	const errors: PolicyErrors = {};
	for (const issue of r.error.issues) {
		const [field, e] = errorFor(issue, d, sectionOrder);
		errors[field] ??= e;
	}
	return { ok: false, errors };
}

/** A short random tail so two devices saving the same version offline never share an id. */
const tail = () => crypto.randomUUID().slice(0, 6);

/**
 * The documents one save writes: the new version (in force), and the version it replaces marked
 * superseded (kept, inactive). The new version number follows every version this device knows.
 */
export function saveVersion(
	docs: readonly Settings[],
	data: TargetPolicy,
	editorId: string,
	now: string,
	newTail: () => string = tail
): Settings[] {
	const all = policyVersions(docs, data.year);
	const version = all.length ? Math.max(...all.map((v) => v.data.version)) + 1 : 1;
	const id =
		version === 1 ? policyDocId(data.year, 1) : `${policyDocId(data.year, version)}-${newTail()}`;
	const next: Settings = {
		id,
		createdAt: now,
		updatedAt: now,
		kind: 'target-policy',
		name: `Targets ${data.year}`,
		active: true,
		data: { ...data, version, editedById: editorId, supersededAt: null }
	};
	const superseded = all
		.filter((v) => v.doc.active && v.data.supersededAt === null)
		.map((v): Settings => ({
			...v.doc,
			updatedAt: now,
			active: false,
			data: { ...v.data, supersededAt: now }
		}));
	return [next, ...superseded];
}

/**
 * Next year's first version, copied from this year's policy; null when next year already has
 * one (edit that instead).
 */
export function nextYearFrom(
	docs: readonly Settings[],
	from: PolicyVersion,
	editorId: string,
	now: string
): Settings | null {
	const year = from.data.year + 1;
	if (policyVersions(docs, year).length) return null;
	return saveVersion(
		docs,
		{ ...from.data, year, note: `Copied from ${from.data.year}` },
		editorId,
		now
	)[0]!;
}

/** Versions kept in force at once (two devices saved offline); the editor points them out. */
export function concurrentVersions(docs: readonly Settings[], year: number): PolicyVersion[] {
	return policyVersions(docs, year).filter((v) => v.doc.active && v.data.supersededAt === null);
}
