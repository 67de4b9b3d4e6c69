import type { Modality } from '@rounds/shared/common.schema';
import type { Exam } from '@rounds/shared/reviews/exam.schema';
import type { Role } from '@rounds/shared/identity/identity.schema';

/**
 * The worklist import's answer as the server sends it (`server/src/modules/exams`): every row
 * as read, every problem with its row and column, and what a commit does or did.
 */
export type ImportColumn =
	'accession' | 'modality' | 'performedAt' | 'site' | 'performer' | 'reader' | 'description';
export interface RowIssue {
	row: number | null;
	column: ImportColumn | null;
	code: string;
	value: string;
	message: string;
}
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
export interface ImportReport {
	source: 'csv' | 'dicomweb';
	batchId: string;
	rows: PreviewRow[];
	issues: RowIssue[];
	ignoredHeaders: string[];
	counts: { rows: number; new: number; updated: number; unchanged: number; errors: number };
}
export interface CommitResult extends ImportReport {
	inserted: number;
	updated: number;
	unchanged: number;
}

/** Roles the server lets import (quality leads for their own modalities). */
export const IMPORT_ROLES: Role[] = [
	'system_admin',
	'admin_support',
	'peer_learning_director',
	'modality_quality_lead'
];

/** A report may be committed only when it has rows and no problem at all (all or nothing). */
export function canCommit(r: ImportReport | null): boolean {
	return !!r && r.issues.length === 0 && r.rows.length > 0;
}

/** The report behind a 422 answer: the server puts it in `details`. */
export function reportOf(details: unknown): ImportReport | null {
	const d = details as Partial<ImportReport> | null | undefined;
	return d && Array.isArray(d.rows) && Array.isArray(d.issues) && d.counts
		? (d as ImportReport)
		: null;
}

/** Largest file the server takes (it checks again). */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;

/** The imported exams to list: newest first, one modality or all, at most `limit`. */
export function recentExams(exams: Exam[], modality: Modality | '', limit = 200): Exam[] {
	return exams
		.filter((e) => !modality || e.modality === modality)
		.sort((a, b) => b.performedAt.localeCompare(a.performedAt) || a.id.localeCompare(b.id))
		.slice(0, limit);
}

/** Today and `days` before it as `YYYY-MM-DD` in local time: the default DICOMweb range. */
export function defaultRange(now: Date, days = 1): { from: string; to: string } {
	const iso = (d: Date) =>
		`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
	return { from: iso(new Date(now.getTime() - days * 86_400_000)), to: iso(now) };
}
