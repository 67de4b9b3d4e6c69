import type { Modality } from '@rounds/shared/common.schema';
import type {
	Assignment,
	AssignmentInput,
	AssignmentMode,
	AssignmentSummary
} from '@rounds/shared/reviews/assignment';
import type { Queryable } from '../../db/db.ts';

/** A stored assignment run (table `iq_assignment_runs`). */
export interface AssignmentRun {
	id: string;
	modality: Modality;
	period: string;
	mode: AssignmentMode;
	seed: string;
	engine: string;
	dueOn: string;
	templateId: string;
	templateVersion: number;
	createdBy: string;
	createdAt: string;
	input: Omit<AssignmentInput, 'mode' | 'seed'>;
	assignments: Assignment[];
	counts: AssignmentSummary;
}

/** A run as listed: without the (large) input and assignment lists. */
export type AssignmentRunHead = Omit<AssignmentRun, 'input' | 'assignments' | 'counts'> & {
	exams: number;
	reviewers: number;
	assigned: number;
	target: number;
	shortfalls: number;
};

export async function insertRun(q: Queryable, run: AssignmentRun): Promise<void> {
	await q.query(
		`insert into iq_assignment_runs (id, modality, period, mode, seed, engine, due_on, template_id,
		   template_version, created_by, created_at, input, exam_ids, reviewer_ids, assignments, counts)
		 values ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::text[],
		   $14::text[], $15::jsonb, $16::jsonb)`,
		[
			run.id,
			run.modality,
			run.period,
			JSON.stringify(run.mode),
			run.seed,
			run.engine,
			run.dueOn,
			run.templateId,
			run.templateVersion,
			run.createdBy,
			run.createdAt,
			JSON.stringify(run.input),
			run.input.exams.map((e) => e.id),
			run.input.reviewers.map((r) => r.id),
			JSON.stringify(run.assignments),
			JSON.stringify(run.counts)
		]
	);
}

const HEAD = `id, modality, period, mode, seed, engine, due_on, template_id, template_version, created_by,
	created_at, cardinality(exam_ids) as exams, cardinality(reviewer_ids) as reviewers,
	(counts->>'assigned')::int as assigned, (counts->>'target')::int as target,
	jsonb_array_length(counts->'shortfalls') as shortfalls`;

interface HeadRow {
	id: string;
	modality: Modality;
	period: string;
	mode: AssignmentMode;
	seed: string;
	engine: string;
	due_on: string;
	template_id: string;
	template_version: number;
	created_by: string;
	created_at: Date | string;
	exams: number;
	reviewers: number;
	assigned: number;
	target: number;
	shortfalls: number;
}

function toHead(r: HeadRow): AssignmentRunHead {
	return {
		id: r.id,
		modality: r.modality,
		period: r.period,
		mode: r.mode,
		seed: r.seed,
		engine: r.engine,
		dueOn: r.due_on,
		templateId: r.template_id,
		templateVersion: r.template_version,
		createdBy: r.created_by,
		createdAt: new Date(r.created_at).toISOString(),
		exams: r.exams,
		reviewers: r.reviewers,
		assigned: r.assigned,
		target: r.target,
		shortfalls: r.shortfalls
	};
}

/** Runs of the given modalities, newest first. */
export async function listRuns(
	q: Queryable,
	modalities: Modality[],
	limit = 200
): Promise<AssignmentRunHead[]> {
	const { rows } = await q.query<HeadRow>(
		`select ${HEAD} from iq_assignment_runs where modality = any($1::text[])
		  order by created_at desc, id limit $2`,
		[modalities, limit]
	);
	return rows.map(toHead);
}

/** One run with everything needed to replay it. */
export async function getRun(q: Queryable, id: string): Promise<AssignmentRun | undefined> {
	const { rows } = await q.query<
		HeadRow & {
			input: AssignmentRun['input'];
			assignments: Assignment[];
			counts: AssignmentSummary;
		}
	>(`select ${HEAD}, input, assignments, counts from iq_assignment_runs where id = $1`, [id]);
	const r = rows[0];
	if (!r) return undefined;
	const h = toHead(r);
	return {
		id: h.id,
		modality: h.modality,
		period: h.period,
		mode: h.mode,
		seed: h.seed,
		engine: h.engine,
		dueOn: h.dueOn,
		templateId: h.templateId,
		templateVersion: h.templateVersion,
		createdBy: h.createdBy,
		createdAt: h.createdAt,
		input: r.input,
		assignments: r.assignments,
		counts: r.counts
	};
}
