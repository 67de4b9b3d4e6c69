import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { isoDate, modality, type Modality } from '@rounds/shared/common.schema';
import { hasRole, type Role } from '@rounds/shared/identity/identity.schema';
import { examSchema, type Exam } from '@rounds/shared/reviews/exam.schema';
import type { ApiError } from '@rounds/shared/sync/protocol';
import type { AppEnv, Deps, SessionUser } from '../../app-env.ts';
import type { Queryable } from '../../db/db.ts';
import { audit } from '../audit/audit.repository.ts';
import { requireRole } from '../identity/session.middleware.ts';
import { writeServerDocuments } from '../sync/server-writes.ts';
import { PacsError, queryStudies } from './dicomweb.ts';
import {
	batchIdFor,
	examDocFor,
	validateRows,
	type PreviewRow,
	type RowIssue,
	type SourceRow
} from './exam-import.ts';
import { examsByAccession, loadDirectory } from './exams.repository.ts';
import { parseWorklistCsv } from './worklist-csv.ts';

export const MAX_CSV_BYTES = 5 * 1024 * 1024;
export const MAX_ROWS = 20_000;
/** The DICOMweb range is bounded so one query cannot pull a PACS's whole history. */
const MAX_RANGE_DAYS = 92;

const IMPORTERS: Role[] = [
	'system_admin',
	'admin_support',
	'peer_learning_director',
	'modality_quality_lead'
];

/** What preview and commit answer: every row as read, every issue, and what a commit does. */
export interface ImportReport {
	source: 'csv' | 'dicomweb';
	batchId: string;
	rows: PreviewRow[];
	issues: RowIssue[];
	/** CSV headers that match no documented column. */
	ignoredHeaders: string[];
	counts: { rows: number; new: number; updated: number; unchanged: number; errors: number };
}
export interface CommitResult extends ImportReport {
	inserted: number;
	updated: number;
	unchanged: number;
}

/** Modalities the user may import: quality leads only their own, the program roles all. */
function allowedModalities(user: SessionUser): Modality[] | null {
	return hasRole(user, 'system_admin', 'admin_support', 'peer_learning_director')
		? null
		: user.leadOfModalities;
}

interface Input {
	source: ImportReport['source'];
	batchId: string;
	rows: SourceRow[];
	issues: RowIssue[];
	ignoredHeaders: string[];
}

/** Resolves and compares every row against what is stored, inside the caller's transaction. */
async function prepare(
	q: Queryable,
	deps: Deps,
	user: SessionUser,
	input: Input
): Promise<{ report: ImportReport; /** New and changed exams only. */ docs: Exam[] }> {
	const dir = await loadDirectory(q);
	const v = validateRows(input.rows, dir, {
		now: deps.now(),
		allowedModalities: allowedModalities(user)
	});
	const issues = [...input.issues, ...v.issues].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
	const stored = await examsByAccession(
		q,
		v.resolved.map((r) => r.accession)
	);
	const docs: Exam[] = [];
	const byRow = new Map(v.preview.map((p) => [p.row, p]));
	for (const r of v.resolved) {
		const { doc, status } = examDocFor(
			r,
			stored.get(`${r.siteId}\n${r.accession}`),
			input.batchId,
			deps.now()
		);
		// The shared schema is the last word on what an exam may hold.
		examSchema.parse(doc);
		// Re-imports are mostly unchanged rows: leave them out of the write (one lock each).
		if (status !== 'unchanged') docs.push(doc);
		byRow.get(r.row)!.status = status;
	}
	const count = (s: PreviewRow['status']) => v.preview.filter((p) => p.status === s).length;
	const errorRows = new Set(issues.map((i) => i.row));
	return {
		docs,
		report: {
			source: input.source,
			batchId: input.batchId,
			rows: v.preview,
			issues,
			ignoredHeaders: input.ignoredHeaders,
			counts: {
				rows: v.preview.length,
				new: count('new'),
				updated: count('updated'),
				unchanged: count('unchanged'),
				errors: errorRows.size
			}
		}
	};
}

class Rejected extends Error {
	constructor(readonly report: ImportReport) {
		super('import has errors');
	}
}

/** All or nothing: one transaction, rolled back when any row has an issue. */
async function commit(deps: Deps, user: SessionUser, input: Input) {
	try {
		const { report, result } = await deps.db.transaction(async (tx) => {
			const { report, docs } = await prepare(tx, deps, user, input);
			if (report.issues.length) throw new Rejected(report);
			const written = await writeServerDocuments(tx, deps, 'exams', docs);
			const result = { ...written, unchanged: written.unchanged + report.counts.unchanged };
			await audit(tx, {
				actorId: user.id,
				action: 'exams.import',
				collection: 'exams',
				outcome: 'ok',
				detail: {
					source: input.source,
					batchId: input.batchId,
					rows: report.counts.rows,
					inserted: result.inserted,
					updated: result.updated,
					unchanged: result.unchanged
				}
			});
			return { report, result };
		});
		await deps.feed.publish(result.changed);
		const out: CommitResult = {
			...report,
			inserted: result.inserted,
			updated: result.updated,
			unchanged: result.unchanged
		};
		return { ok: true as const, out };
	} catch (e) {
		if (!(e instanceof Rejected)) throw e;
		await audit(deps.db, {
			actorId: user.id,
			action: 'exams.import',
			collection: 'exams',
			outcome: 'rejected',
			detail: {
				source: input.source,
				batchId: input.batchId,
				rows: e.report.counts.rows,
				issues: e.report.issues.length
			}
		});
		return { ok: false as const, report: e.report };
	}
}

const rejected = (c: Context<AppEnv>, report: ImportReport) =>
	c.json(
		{
			error: 'import-has-errors',
			message: `Nothing was imported: ${report.issues.length} problem${report.issues.length === 1 ? '' : 's'} to fix first.`,
			details: report
		} satisfies ApiError,
		422
	);

const csvBody = z.object({ csv: z.string() });

/** The CSV text: a text/csv body, or JSON `{ csv }`. */
async function readCsv(c: Context<AppEnv>): Promise<string | undefined> {
	if (c.req.header('content-type')?.includes('application/json')) {
		const r = csvBody.safeParse(await c.req.json().catch(() => undefined));
		return r.success ? r.data.csv : undefined;
	}
	return c.req.text();
}

const tooLarge = (c: Context<AppEnv>) =>
	c.json(
		{
			error: 'too-large',
			message: `The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB: split it and import the parts one after the other.`
		} satisfies ApiError,
		413
	);

const dicomwebRequest = z
	.object({
		from: isoDate,
		to: isoDate,
		modalities: z.array(modality).min(1, 'Choose at least one modality').max(6)
	})
	.refine((r) => r.from <= r.to, { message: 'The start date is after the end date', path: ['to'] })
	.refine((r) => Date.parse(r.to) - Date.parse(r.from) <= MAX_RANGE_DAYS * 86_400_000, {
		message: `Import at most ${MAX_RANGE_DAYS} days at a time`,
		path: ['to']
	});

/** The worklist import: CSV files and a PACS queried over DICOMweb, each with preview and commit. */
export function examRoutes(deps: Deps) {
	const csvInput = async (c: Context<AppEnv>): Promise<Input | Response> => {
		const text = await readCsv(c);
		if (text === undefined)
			return c.json(
				{
					error: 'invalid',
					message: 'Send the CSV file as text/csv, or JSON { csv }.'
				} satisfies ApiError,
				400
			);
		if (Buffer.byteLength(text) > MAX_CSV_BYTES) return tooLarge(c);
		const parsed = parseWorklistCsv(text, MAX_ROWS);
		return { source: 'csv', batchId: batchIdFor('csv', text), ...parsed };
	};

	const dicomwebInput = async (c: Context<AppEnv>): Promise<Input | Response> => {
		const base = deps.config.dicomwebUrl;
		if (!base)
			return c.json(
				{
					error: 'not-configured',
					message:
						'No PACS is configured for DICOMweb import (DICOMWEB_URL). Ask the system administrator, or import a CSV file.'
				} satisfies ApiError,
				503
			);
		const parsed = dicomwebRequest.safeParse(await c.req.json().catch(() => undefined));
		if (!parsed.success)
			return c.json(
				{
					error: 'invalid',
					message: parsed.error.issues[0]?.message ?? 'Expected { from, to, modalities }',
					details: Object.fromEntries(
						parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), i.message])
					)
				} satisfies ApiError,
				400
			);
		const q = parsed.data;
		const allowed = allowedModalities(c.get('user')!);
		if (allowed && q.modalities.some((m) => !allowed.includes(m)))
			return c.json(
				{
					error: 'forbidden',
					message: `You can import ${allowed.join(', ') || 'no'} exams only.`
				} satisfies ApiError,
				403
			);
		try {
			const found = await queryStudies(base, q, {
				timeoutMs: deps.config.dicomwebTimeoutMs,
				maxStudies: MAX_ROWS
			});
			return {
				source: 'dicomweb',
				batchId: batchIdFor('dicomweb', `${q.from}..${q.to}:${[...q.modalities].sort().join(',')}`),
				ignoredHeaders: [],
				...found
			};
		} catch (e) {
			if (!(e instanceof PacsError)) throw e;
			return c.json({ error: 'pacs-unavailable', message: e.message } satisfies ApiError, 502);
		}
	};

	const preview = (read: typeof csvInput) => async (c: Context<AppEnv>) => {
		const input = await read(c);
		if (input instanceof Response) return input;
		const { report } = await prepare(deps.db, deps, c.get('user')!, input);
		return c.json(report);
	};
	const doCommit = (read: typeof csvInput) => async (c: Context<AppEnv>) => {
		const input = await read(c);
		if (input instanceof Response) return input;
		const r = await commit(deps, c.get('user')!, input);
		return r.ok ? c.json(r.out) : rejected(c, r.report);
	};
	const limit = bodyLimit({ maxSize: MAX_CSV_BYTES + 64 * 1024, onError: tooLarge });

	return new Hono<AppEnv>()
		.use('*', requireRole(...IMPORTERS))
		.get('/dicomweb', (c) => c.json({ configured: Boolean(deps.config.dicomwebUrl) }))
		.post('/import/preview', limit, preview(csvInput))
		.post('/import/commit', limit, doCommit(csvInput))
		.post('/dicomweb/preview', preview(dicomwebInput))
		.post('/dicomweb/commit', doCommit(dicomwebInput));
}
