import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isoDate, modality, type Modality } from '@rounds/shared/common.schema';
import type { Person } from '@rounds/shared/identity/identity.schema';
import { criteriaTemplateData, type Settings } from '@rounds/shared/org/settings.schema';
import type { Exam } from '@rounds/shared/reviews/exam.schema';
import { iqReviewSchema, type IqReview } from '@rounds/shared/reviews/iq-review.schema';
import {
	assignReviews,
	assignmentRule,
	cyrb128,
	defaultDueOn,
	ENGINE_VERSION,
	isReviewerFor,
	parsePeriod,
	type Assignment,
	type AssignmentInput,
	type AssignmentResult,
	type Period
} from '@rounds/shared/reviews/assignment';
import type { Deps } from '../../app-env.ts';
import type { Queryable } from '../../db/db.ts';
import { audit } from '../audit/audit.repository.ts';
import { allDocuments } from '../sync/documents.repository.ts';
import { writeServerDocuments } from '../sync/server-writes.ts';
import { insertRun, type AssignmentRun } from './runs.repository.ts';

/** What a lead asks for: `POST /api/iq/assignments` and `/preview`. */
export const runRequest = z.object({
	modality,
	period: z
		.string()
		.refine((p) => parsePeriod(p) !== undefined, 'Use a month (2026-11) or a quarter (2026-Q4)'),
	mode: z.discriminatedUnion('kind', [
		z.object({
			kind: z.literal('per-reviewer'),
			count: z.number().int('Use a whole number of reviews').min(1).max(100)
		}),
		z.object({
			kind: z.literal('rate'),
			rate: z
				.number()
				.gt(0, 'The sampling rate must be above 0')
				.max(1, 'The sampling rate is at most 1 (100%)')
		})
	]),
	seed: z
		.string()
		.regex(/^[A-Za-z0-9_-]{1,64}$/, 'A seed is 1 to 64 letters, digits, "-" or "_"')
		.optional(),
	dueOn: isoDate.optional()
});
export type RunRequest = z.infer<typeof runRequest>;

/** A request the data cannot satisfy (no checklist, nothing to assign); nothing is stored. */
export class RunRefused extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly summary?: AssignmentResult['summary']
	) {
		super(message);
	}
}

/** Leads of the modality and the peer learning director run assignments. */
export function mayAssign(
	user: Pick<Person, 'roles' | 'leadOfModalities'>,
	m: Modality | string
): boolean {
	return (
		user.roles.includes('peer_learning_director') ||
		(user.roles.includes('modality_quality_lead') && user.leadOfModalities.includes(m as Modality))
	);
}

/** The modality's current (non-retired, active) checklist: the highest such version. */
async function currentTemplate(q: Queryable, m: Modality) {
	const { rows } = await q.query<{ data: Settings }>(
		`select data from documents where collection = 'settings' and not deleted
		   and data->>'kind' = 'criteria-template' and data->'data'->>'modality' = $1`,
		[m]
	);
	let best: { id: string; version: number } | undefined;
	for (const { data: s } of rows) {
		const t = criteriaTemplateData.safeParse(s.data);
		if (!s.active || !t.success || t.data.retired) continue;
		if (!best || t.data.version > best.version) best = { id: s.id, version: t.data.version };
	}
	return best;
}

interface Prepared {
	period: Period;
	seed: string;
	dueOn: string;
	template: { id: string; version: number };
	input: AssignmentInput;
	exams: Map<string, Exam>;
	result: AssignmentResult;
}

/** Loads the period's exams, reviewers and existing reviews, and runs the engine. */
async function prepare(q: Queryable, deps: Deps, req: RunRequest): Promise<Prepared> {
	const period = parsePeriod(req.period)!;
	const today = deps.now().toISOString().slice(0, 10);
	const dueOn = req.dueOn ?? defaultDueOn(period, today);
	if (dueOn < today) throw new RunRefused('invalid', 'The due date is in the past');
	const template = await currentTemplate(q, req.modality);
	if (!template)
		throw new RunRefused(
			'no-template',
			`There is no current ${req.modality} checklist: create or restore one before assigning reviews`
		);
	// The calendar day as the worklist wrote it (the department's local date), not UTC.
	const examRows = await q.query<{ data: Exam }>(
		`select data from documents where collection = 'exams' and not deleted
		   and data->>'modality' = $1 and left(data->>'performedAt', 10) between $2 and $3`,
		[req.modality, period.first, period.last]
	);
	const reviewRows = await q.query<{ data: Pick<IqReview, 'examId' | 'reviewerId' | 'status'> }>(
		`select jsonb_build_object('examId', data->>'examId', 'reviewerId', data->>'reviewerId',
		          'status', data->>'status') as data
		   from documents where collection = 'iq_reviews' and not deleted
		    and data->>'modality' = $1 and data->>'period' = $2`,
		[req.modality, period.id]
	);
	const people = await allDocuments<Person>(q, 'people');
	const exams = new Map(examRows.rows.map((r) => [r.data.id, r.data]));
	const reviews = reviewRows.rows.map((r) => r.data);
	const input: AssignmentInput = {
		exams: [...exams.values()].map((e) => ({
			id: e.id,
			siteId: e.siteId,
			performerId: e.performerId
		})),
		reviewers: people
			.filter((p) => isReviewerFor(p, req.modality))
			.map((p) => ({ id: p.id, siteIds: p.siteIds })),
		mode: req.mode,
		seed: req.seed ?? randomBytes(8).toString('hex'),
		// A reassigned record's exam lives on in its successor; it is skipped, not counted twice.
		existing: reviews
			.filter((r) => r.status !== 'reassigned')
			.map((r) => ({ examId: r.examId, reviewerId: r.reviewerId })),
		skipExamIds: reviews.filter((r) => r.status === 'reassigned').map((r) => r.examId)
	};
	const result = assignReviews(input);
	return { period, seed: input.seed, dueOn, template, input, exams, result };
}

/** The engine's answer without storing anything: what a lead sees before confirming. */
export async function previewRun(deps: Deps, req: RunRequest) {
	const p = await prepare(deps.db, deps, req);
	return {
		seed: p.seed,
		dueOn: p.dueOn,
		template: p.template,
		engine: ENGINE_VERSION,
		summary: p.result.summary,
		assignments: p.result.assignments
	};
}

/** `iq-<run>-<exam>`, or a hash of the exam id when that would pass 64 characters. */
export function reviewId(runId: string, examId: string): string {
	const plain = `iq-${runId}-${examId}`;
	if (plain.length <= 64) return plain;
	const h = cyrb128(examId).map((x) => x.toString(16).padStart(8, '0'));
	return `iq-${runId}-h${h.join('')}`.slice(0, 64);
}

function reviewOf(
	exam: Exam,
	a: Assignment,
	run: Pick<AssignmentRun, 'id' | 'period' | 'dueOn' | 'templateId' | 'templateVersion'>,
	rule: string,
	at: string
): IqReview {
	return {
		id: reviewId(run.id, exam.id),
		createdAt: at,
		updatedAt: at,
		examId: exam.id,
		accession: exam.accession,
		modality: exam.modality,
		siteId: exam.siteId,
		examDescription: exam.description,
		performedAt: exam.performedAt,
		reviewerId: a.reviewerId,
		performerId: exam.performerId,
		period: run.period,
		dueOn: run.dueOn,
		templateId: run.templateId,
		templateVersion: run.templateVersion,
		runId: run.id,
		rule,
		status: 'assigned',
		answers: {},
		ranking: '',
		comment: '',
		attentionRequired: false,
		attentionReason: '',
		declineReason: '',
		submittedAt: null,
		escalation: null,
		roundsCandidate: false
	};
}

/**
 * Draws and stores a run: the run record, one review per assignment (through the replicated
 * write path, so reviewers are notified), and an audit entry, all in one transaction. The
 * modality and period are locked for the duration, so two leads confirming at once cannot draw
 * the same exam twice.
 */
export async function commitRun(deps: Deps, req: RunRequest, userId: string) {
	const at = deps.now().toISOString();
	const runId = `r-${randomBytes(6).toString('hex')}`;
	const out = await deps.db.transaction(async (tx) => {
		await tx.query('select pg_advisory_xact_lock(727004, hashtext($1))', [
			`${req.modality}|${req.period}`
		]);
		const p = await prepare(tx, deps, req);
		if (!p.result.assignments.length)
			throw new RunRefused(
				'nothing-to-assign',
				'Nothing to assign: see the summary for the reason',
				p.result.summary
			);
		const { mode, seed, ...input } = p.input;
		const run: AssignmentRun = {
			id: runId,
			modality: req.modality,
			period: p.period.id,
			mode,
			seed,
			engine: ENGINE_VERSION,
			dueOn: p.dueOn,
			templateId: p.template.id,
			templateVersion: p.template.version,
			createdBy: userId,
			createdAt: at,
			input,
			assignments: p.result.assignments,
			counts: p.result.summary
		};
		await insertRun(tx, run);
		const rule = assignmentRule(req.modality, p.period, runId, seed, mode);
		const docs = p.result.assignments.map((a) =>
			iqReviewSchema.parse(reviewOf(p.exams.get(a.examId)!, a, run, rule, at))
		);
		const written = await writeServerDocuments(tx, deps, 'iq_reviews', docs);
		await audit(tx, {
			actorId: userId,
			action: 'iq.assign',
			collection: 'iq_assignment_runs',
			docId: runId,
			outcome: 'ok',
			detail: {
				modality: req.modality,
				period: p.period.id,
				mode,
				seed,
				assigned: docs.length,
				shortfalls: p.result.summary.shortfalls.length
			}
		});
		return { run, written };
	});
	await deps.feed.publish(out.written.changed);
	const { run } = out;
	return {
		run: {
			id: run.id,
			modality: run.modality,
			period: run.period,
			mode: run.mode,
			seed: run.seed,
			engine: run.engine,
			dueOn: run.dueOn,
			templateId: run.templateId,
			templateVersion: run.templateVersion,
			createdBy: run.createdBy,
			createdAt: run.createdAt,
			summary: run.counts
		},
		inserted: out.written.inserted
	};
}

/** Replays a stored run from its input and seed: does it draw exactly what was stored? */
export function verifyRun(run: AssignmentRun) {
	const replay = assignReviews({ ...run.input, mode: run.mode, seed: run.seed });
	const key = (a: Assignment) => `${a.examId}\u0000${a.reviewerId}`;
	const stored = new Set(run.assignments.map(key));
	const again = new Set(replay.assignments.map(key));
	const differences =
		[...stored].filter((k) => !again.has(k)).length +
		[...again].filter((k) => !stored.has(k)).length;
	return {
		runId: run.id,
		modality: run.modality,
		reproduced: differences === 0,
		differences,
		assignments: run.assignments.length,
		engine: { stored: run.engine, current: ENGINE_VERSION }
	};
}
