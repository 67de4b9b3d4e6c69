import { createHash } from 'node:crypto';
import { MODALITIES, type Modality } from '@rounds/shared/common.schema';
import type { Person, Role } from '@rounds/shared/identity/identity.schema';
import type { Exam } from '@rounds/shared/reviews/exam.schema';

/**
 * Pure worklist-import logic shared by the CSV and DICOMweb sources: each source turns its
 * input into `SourceRow`s of text; this module resolves them against the directory (sites,
 * people), reports every problem row by row, and builds the exam documents. Nothing is guessed:
 * a value that does not resolve to exactly one thing is an issue, and one issue blocks the
 * whole import.
 */

export const IMPORT_COLUMNS = [
	'accession',
	'modality',
	'performedAt',
	'site',
	'performer',
	'reader',
	'description'
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
/** Columns a file must have; performer, reader and description may be absent or empty. */
export const REQUIRED_COLUMNS: ImportColumn[] = ['accession', 'modality', 'performedAt', 'site'];

export type IssueCode =
	| 'csv-syntax'
	| 'empty-file'
	| 'too-many-rows'
	| 'missing-column'
	| 'duplicate-column'
	| 'field-count'
	| 'required'
	| 'too-long'
	| 'unknown-modality'
	| 'ambiguous-modality'
	| 'modality-not-allowed'
	| 'bad-date'
	| 'future-date'
	| 'unknown-site'
	| 'accession-pattern'
	| 'duplicate-accession'
	| 'unknown-person'
	| 'ambiguous-person'
	| 'wrong-role'
	| 'several-people';

/** One problem: `row` is the file's line (CSV) or the study's position (DICOMweb); null for the whole input. */
export interface RowIssue {
	row: number | null;
	column: ImportColumn | null;
	code: IssueCode;
	value: string;
	message: string;
}

export interface SourceRow {
	row: number;
	values: Partial<Record<ImportColumn, string>>;
}

export interface SiteRef {
	id: string;
	name: string;
	active: boolean;
	accessionPattern: string;
}
export type PersonRef = Pick<Person, 'id' | 'name' | 'email' | 'roles'>;

export interface ImportDirectory {
	sites: SiteRef[];
	people: PersonRef[];
}

export interface ValidateOptions {
	now: Date;
	/** Modalities this importer may import; null for all. */
	allowedModalities: readonly Modality[] | null;
}

/** A row whose every value resolved. */
export interface ResolvedRow {
	row: number;
	accession: string;
	modality: Modality;
	siteId: string;
	performedAt: string;
	performerId: string | null;
	readerId: string | null;
	description: string;
}

/** What the preview table shows for each row, resolved or not. */
export interface PreviewRow {
	row: number;
	accession: string;
	modality: string;
	site: string;
	performedAt: string;
	performer: string;
	reader: string;
	description: string;
	status: 'new' | 'updated' | 'unchanged' | 'error';
}

const LIMITS: Partial<Record<ImportColumn, number>> = { accession: 40, description: 200 };

/**
 * Modality codes accepted besides our own six. CR and DX are DICOM's two radiography codes
 * (PS3.3 C.7.3.1.1.1), which this program files under general radiography (XR).
 */
const MODALITY_ALIASES: Record<string, Modality> = { CR: 'XR', DX: 'XR' };

/** Our modality for a code from a file or a PACS, or undefined when it is not one we review. */
export function modalityOf(code: string): Modality | undefined {
	const c = code.trim().toUpperCase();
	return (MODALITIES as readonly string[]).includes(c) ? (c as Modality) : MODALITY_ALIASES[c];
}

/** The DICOM codes to ask a PACS for when importing one of our modalities. */
export function dicomCodesOf(m: Modality): string[] {
	return [m, ...Object.keys(MODALITY_ALIASES).filter((k) => MODALITY_ALIASES[k] === m)].filter(
		(c) => c !== 'XR'
	);
}

const DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Exam date and time: ISO 8601 (`2026-03-01T08:30:00Z`, with or without an offset) or
 * `YYYY-MM-DD HH:MM[:SS]`. A time without an offset is the department's local time, taken as
 * the server's time zone (TZ), as RIS exports and DICOM dates carry none.
 */
export function parsePerformedAt(value: string): string | undefined {
	const m = DATE_TIME.exec(value.trim());
	if (!m) return undefined;
	const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => Number(x ?? 0)) as [
		number,
		number,
		number,
		number,
		number,
		number
	];
	if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return undefined;
	// Day of month checked against the calendar (no 30 February rolling into March).
	if (d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return undefined;
	const zone = m[7];
	const t = zone
		? Date.parse(
				`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`
			)
		: new Date(y, mo - 1, d, h, mi, s).getTime();
	return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** Names compared without case, accents' composition, dots, extra spaces or a leading "Dr". */
export function normalizeName(name: string): string {
	return name
		.normalize('NFC')
		.toLowerCase()
		.replaceAll('.', ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/^(dr|doctor|docteur|dre) /, '');
}

const PERSON_ROLES: Record<'performer' | 'reader', { roles: Role[]; what: string }> = {
	performer: { roles: ['technologist', 'sonographer'], what: 'a technologist or sonographer' },
	reader: { roles: ['radiologist'], what: 'a radiologist' }
};

type Resolved<T> = { ok: true; value: T } | { ok: false; code: IssueCode; message: string };

function resolvePerson(
	value: string,
	column: 'performer' | 'reader',
	people: PersonRef[]
): Resolved<PersonRef> {
	const byEmail = value.includes('@');
	const key = byEmail ? value.trim().toLowerCase() : normalizeName(value);
	const found = people.filter((p) =>
		byEmail ? p.email.toLowerCase() === key : normalizeName(p.name) === key
	);
	const { roles, what } = PERSON_ROLES[column];
	const fitting = found.filter((p) => p.roles.some((r) => roles.includes(r)));
	if (fitting.length === 1) return { ok: true, value: fitting[0]! };
	if (fitting.length > 1)
		return {
			ok: false,
			code: 'ambiguous-person',
			message: `${fitting.length} people in the directory are named "${value}" (${fitting.map((p) => p.email).join(', ')}): use the email instead`
		};
	if (found.length)
		return {
			ok: false,
			code: 'wrong-role',
			message: `"${value}" is in the directory but not as ${what}`
		};
	return {
		ok: false,
		code: 'unknown-person',
		message: byEmail
			? `Nobody in the directory has the email "${value}"`
			: `Nobody in the directory is named "${value}": use the exact full name or the email`
	};
}

function resolveSite(value: string, sites: SiteRef[]): Resolved<SiteRef> {
	const key = normalizeName(value);
	const site =
		sites.find((s) => s.id === value.trim()) ?? sites.find((s) => normalizeName(s.name) === key);
	if (!site)
		return {
			ok: false,
			code: 'unknown-site',
			message: `"${value}" is not a site: use a site's name or id (${sites
				.filter((s) => s.active)
				.map((s) => s.name)
				.join(', ')})`
		};
	if (!site.active)
		return { ok: false, code: 'unknown-site', message: `The site "${site.name}" is not active` };
	return { ok: true, value: site };
}

export interface ValidationResult {
	resolved: ResolvedRow[];
	preview: PreviewRow[];
	issues: RowIssue[];
}

/** Resolves every row against the directory and reports each problem with its row and column. */
export function validateRows(
	rows: SourceRow[],
	dir: ImportDirectory,
	opts: ValidateOptions
): ValidationResult {
	const issues: RowIssue[] = [];
	const resolved: ResolvedRow[] = [];
	const preview: PreviewRow[] = [];
	const seen = new Map<string, number>();
	const latest = opts.now.getTime() + 24 * 3600_000;
	for (const { row, values } of rows) {
		const before = issues.length;
		const v = (c: ImportColumn) => (values[c] ?? '').trim();
		const issue = (column: ImportColumn, code: IssueCode, message: string) =>
			issues.push({ row, column, code, value: v(column), message });
		for (const c of REQUIRED_COLUMNS)
			if (!v(c)) issue(c, 'required', `The ${COLUMN_LABELS[c]} is empty`);
		for (const [c, max] of Object.entries(LIMITS) as [ImportColumn, number][])
			if (v(c).length > max)
				issue(c, 'too-long', `The ${COLUMN_LABELS[c]} has more than ${max} characters`);

		const modality = v('modality') ? modalityOf(v('modality')) : undefined;
		if (v('modality') && !modality)
			issue(
				'modality',
				'unknown-modality',
				`"${v('modality')}" is not a modality we review (${MODALITIES.join(', ')})`
			);
		else if (modality && opts.allowedModalities && !opts.allowedModalities.includes(modality))
			issue(
				'modality',
				'modality-not-allowed',
				`You can import ${opts.allowedModalities.join(', ') || 'no'} exams only`
			);

		const performedAt = v('performedAt') ? parsePerformedAt(v('performedAt')) : undefined;
		if (v('performedAt') && !performedAt)
			issue(
				'performedAt',
				'bad-date',
				`"${v('performedAt')}" is not a date and time: use YYYY-MM-DD HH:MM or ISO 8601`
			);
		else if (performedAt && Date.parse(performedAt) > latest)
			issue('performedAt', 'future-date', 'The exam date is in the future');

		let site: SiteRef | undefined;
		if (v('site')) {
			const r = resolveSite(v('site'), dir.sites);
			if (r.ok) site = r.value;
			else issue('site', r.code, r.message);
		}
		if (
			site &&
			v('accession') &&
			!new RegExp(`^(?:${site.accessionPattern})$`).test(v('accession'))
		)
			issue(
				'accession',
				'accession-pattern',
				`"${v('accession')}" does not match the accession format of ${site.name}`
			);
		if (v('accession')) {
			const key = `${site?.id ?? normalizeName(v('site'))}\n${v('accession')}`;
			const first = seen.get(key);
			if (first !== undefined)
				issue(
					'accession',
					'duplicate-accession',
					`The accession "${v('accession')}" already appears on row ${first}`
				);
			else seen.set(key, row);
		}

		const person = (c: 'performer' | 'reader') => {
			if (!v(c)) return null;
			const r = resolvePerson(v(c), c, dir.people);
			if (r.ok) return r.value;
			issue(c, r.code, r.message);
			return undefined;
		};
		const performer = person('performer');
		const reader = person('reader');

		const ok = issues.length === before;
		preview.push({
			row,
			accession: v('accession'),
			modality: modality ?? v('modality'),
			site: site?.name ?? v('site'),
			performedAt: performedAt ?? v('performedAt'),
			performer: performer?.name ?? v('performer'),
			reader: reader?.name ?? v('reader'),
			description: v('description'),
			status: ok ? 'new' : 'error'
		});
		if (ok)
			resolved.push({
				row,
				accession: v('accession'),
				modality: modality!,
				siteId: site!.id,
				performedAt: performedAt!,
				performerId: performer?.id ?? null,
				readerId: reader?.id ?? null,
				description: v('description')
			});
	}
	return { resolved, preview, issues };
}

/** Words for columns in messages; the CSV header names are in `CSV_HEADERS`. */
export const COLUMN_LABELS: Record<ImportColumn, string> = {
	accession: 'accession',
	modality: 'modality',
	performedAt: 'exam date and time',
	site: 'site',
	performer: 'performing technologist',
	reader: 'reading radiologist',
	description: 'exam description'
};

/**
 * Deterministic id of an exam never stored before: the same site and accession always give the
 * same id, so importing a file twice cannot create two exams.
 */
export function examIdFor(siteId: string, accession: string): string {
	return `exam-${createHash('sha256').update(`${siteId}\n${accession}`).digest('hex').slice(0, 32)}`;
}

/** Stable batch id: the same input gives the same batch, so a re-import changes nothing. */
export function batchIdFor(source: string, input: string): string {
	return `${source}-${createHash('sha256').update(input).digest('hex').slice(0, 24)}`;
}

const CONTENT: (keyof ResolvedRow & keyof Exam)[] = [
	'accession',
	'modality',
	'siteId',
	'performedAt',
	'performerId',
	'readerId',
	'description'
];

/**
 * The document to store for a resolved row. An exam already stored with the same content is
 * returned as stored (unchanged, whatever batch brought it); a changed one keeps its id and
 * creation time.
 */
export function examDocFor(
	r: ResolvedRow,
	stored: Exam | undefined,
	batchId: string,
	now: Date
): { doc: Exam; status: 'new' | 'updated' | 'unchanged' } {
	const same = (k: (typeof CONTENT)[number]) =>
		k === 'performedAt'
			? Date.parse(stored!.performedAt) === Date.parse(r.performedAt)
			: stored![k] === r[k];
	if (stored && CONTENT.every(same)) return { doc: stored, status: 'unchanged' };
	const at = now.toISOString();
	return {
		doc: {
			id: stored?.id ?? examIdFor(r.siteId, r.accession),
			createdAt: stored?.createdAt ?? at,
			updatedAt: at,
			accession: r.accession,
			modality: r.modality,
			siteId: r.siteId,
			performedAt: r.performedAt,
			performerId: r.performerId,
			readerId: r.readerId,
			description: r.description,
			importBatchId: batchId
		},
		status: stored ? 'updated' : 'new'
	};
}
