import Papa from 'papaparse';
import {
	attendanceId,
	attendanceSchema,
	type Attendance,
	type Conference
} from '@rounds/shared/conferences/conference.schema';
import type { Person } from '@rounds/shared/identity/identity.schema';

export const REASON_MAX = 500;
export const CSV_MAX_BYTES = 2_000_000;

/** A manual attendance record, for administrators, with the reason they give. */
export function manualAttendance(
	conference: Conference,
	person: Person,
	reason: string,
	recordedBy: Person,
	now: string
): { doc: Attendance } | { error: 'reason' | 'inactive' } {
	if (!reason.trim()) return { error: 'reason' };
	if (!person.active) return { error: 'inactive' };
	return {
		doc: attendanceSchema.parse({
			id: attendanceId(conference.id, person.id),
			createdAt: now,
			updatedAt: now,
			conferenceId: conference.id,
			userId: person.id,
			method: 'manual',
			token: '',
			reason: reason.trim().slice(0, REASON_MAX),
			recordedById: recordedBy.id
		})
	};
}

export interface ImportRow {
	line: number;
	name: string;
	email: string;
	person: Person | null;
	/** Already recorded (scanned in, or an earlier import). */
	already: boolean;
}

export type ImportProblem =
	| { kind: 'empty' }
	| { kind: 'too-large' }
	| { kind: 'unreadable'; message: string }
	| { kind: 'no-email-column'; columns: string[] }
	| { kind: 'unknown-email'; line: number; email: string }
	| { kind: 'bad-email'; line: number; value: string };

export interface ImportPreview {
	rows: ImportRow[];
	problems: ImportProblem[];
	/** Attendance records to write (people not yet recorded, each once). */
	toRecord: Person[];
}

const EMAIL_HEADER = /^(user\s*)?e-?mail(\s*address)?$|^email$|courriel/i;
const NAME_HEADER = /^(full\s*)?name|^nom|participant/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads a meeting platform's attendance report (Zoom, Teams, Webex all export CSV with an email
 * column). People are matched by email only: an unknown email is reported, never guessed, and
 * blocks the import so nothing is stored partially.
 */
export function previewAttendanceCsv(
	text: string,
	people: Person[],
	recorded: Set<string>
): ImportPreview {
	const empty: ImportPreview = { rows: [], problems: [], toRecord: [] };
	if (text.length > CSV_MAX_BYTES) return { ...empty, problems: [{ kind: 'too-large' }] };
	// Teams reports start with a summary block; the participant table begins at its header line.
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	const headerAt = lines.findIndex((l) =>
		l.split(/[,;\t]/).some((c) => EMAIL_HEADER.test(clean(c)))
	);
	if (!text.trim()) return { ...empty, problems: [{ kind: 'empty' }] };
	if (headerAt < 0) {
		const first = Papa.parse<string[]>(lines[0] ?? '', { skipEmptyLines: true }).data[0] ?? [];
		return { ...empty, problems: [{ kind: 'no-email-column', columns: first.map(clean) }] };
	}
	const parsed = Papa.parse<Record<string, string>>(lines.slice(headerAt).join('\n'), {
		header: true,
		skipEmptyLines: 'greedy',
		transformHeader: clean
	});
	// A one-column file has no delimiter to detect: only broken quoting is fatal.
	const fatal = parsed.errors.find((e) => e.type === 'Quotes');
	if (fatal) return { ...empty, problems: [{ kind: 'unreadable', message: fatal.message }] };
	const fields = parsed.meta.fields ?? [];
	const emailCol = fields.find((f) => EMAIL_HEADER.test(f))!;
	const nameCol = fields.find((f) => NAME_HEADER.test(f));
	const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));
	const out: ImportPreview = { rows: [], problems: [], toRecord: [] };
	const seen = new Set<string>();
	parsed.data.forEach((row, i) => {
		const line = headerAt + i + 2;
		const raw = (row[emailCol] ?? '').trim();
		const name = nameCol ? (row[nameCol] ?? '').trim() : '';
		if (!raw) return;
		const email = raw.toLowerCase();
		if (!EMAIL.test(email)) {
			out.problems.push({ kind: 'bad-email', line, value: raw.slice(0, 80) });
			return;
		}
		const person = byEmail.get(email) ?? null;
		if (!person) out.problems.push({ kind: 'unknown-email', line, email });
		const already = !!person && recorded.has(person.id);
		out.rows.push({ line, name, email, person, already });
		// Someone who joined twice (dropped and rejoined) is one attendee.
		if (person && !already && !seen.has(person.id)) {
			seen.add(person.id);
			out.toRecord.push(person);
		}
	});
	if (!out.rows.length && !out.problems.length) out.problems.push({ kind: 'empty' });
	return out;
}

const clean = (h: string) =>
	h
		.replace(/^\uFEFF/, '')
		.replace(/^"|"$/g, '')
		.trim();

/** The records an import writes; none when the preview has problems. */
export function importedAttendance(
	conference: Conference,
	preview: ImportPreview,
	fileName: string,
	recordedBy: Person,
	now: string
): Attendance[] {
	if (preview.problems.length) return [];
	return preview.toRecord.map((p) =>
		attendanceSchema.parse({
			id: attendanceId(conference.id, p.id),
			createdAt: now,
			updatedAt: now,
			conferenceId: conference.id,
			userId: p.id,
			method: 'virtual-import',
			token: '',
			reason: `Meeting attendance report ${fileName}`.slice(0, REASON_MAX),
			recordedById: recordedBy.id
		})
	);
}
