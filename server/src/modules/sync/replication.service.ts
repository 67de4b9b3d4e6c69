import {
	authorizeWrite,
	principalsOf,
	readersOf,
	type WriteContext
} from '@rounds/shared/sync/access';
import { collections, type CollectionName, type DocOf } from '@rounds/shared/sync/registry';
import type { Checkpoint, PushRow, WireDoc } from '@rounds/shared/sync/protocol';
import { checkSubmission, type Submission } from '@rounds/shared/submissions/submission.schema';
import type { Person } from '@rounds/shared/identity/identity.schema';
import { criteriaTemplateData, type Settings } from '@rounds/shared/org/settings.schema';
import {
	checkIqReview,
	type IqReview,
	type ReviewProblem
} from '@rounds/shared/reviews/iq-review.schema';
import type { Deps } from '../../app-env.ts';
import type { Queryable } from '../../db/db.ts';
import { sameDoc } from '@rounds/shared/sync/canonical';
import {
	allDocuments,
	getDocuments,
	insertDocument,
	lockDocument,
	pullDocuments,
	toWire,
	updateDocument
} from './documents.repository.ts';
import { deriveDocuments } from './side-effects.ts';
import { queueEmails } from '../notifications/mail.ts';
import type { Notification } from '@rounds/shared/notifications/notification.schema';
import type { Attendance } from '@rounds/shared/conferences/conference.schema';
import { checkAttendancePush } from '../conferences/attendance-check.ts';

/**
 * A review being submitted or declined must pass the shared checklist check against the
 * template version it was answered with; a retired version is refused with a clear message.
 */
async function checkReviewPush(
	q: Queryable,
	prev: IqReview | null,
	next: IqReview
): Promise<ReviewProblem[]> {
	if (next.status !== 'submitted' && next.status !== 'declined') return [];
	if (prev && prev.status === next.status) return [];
	const [tpl] = await getDocuments<Settings>(q, 'settings', [next.templateId]);
	const parsed =
		tpl?.kind === 'criteria-template' ? criteriaTemplateData.safeParse(tpl.data) : null;
	const template = parsed?.success ? parsed.data : undefined;
	if (template && template.version !== next.templateVersion)
		return [
			{ field: 'template', message: 'The review names a checklist version that does not exist' }
		];
	return checkIqReview(next, template);
}

/** A push the server refuses as a whole: nothing from it is stored. */
export class PushRejected extends Error {
	constructor(
		readonly status: 400 | 403 | 409 | 422,
		message: string,
		readonly details: { row: number; id?: string; problem: string }[]
	) {
		super(message);
	}
}

/** Scoped pull: only documents the user may read, in commit-safe order. */
export async function pull(
	deps: Deps,
	user: Person,
	collection: CollectionName,
	checkpoint: Checkpoint | null,
	batchSize: number
): Promise<{ documents: WireDoc[]; checkpoint: Checkpoint | null }> {
	const rows = await pullDocuments(deps.db, collection, principalsOf(user), checkpoint, batchSize);
	const last = rows.at(-1);
	return {
		documents: rows.map(toWire),
		checkpoint: last ? { xid: last.xid, seq: Number(last.seq) } : checkpoint
	};
}

/** Strips RxDB's own underscore fields (except `_deleted`) before validating. */
function splitWire(doc: WireDoc): { data: Record<string, unknown>; deleted: boolean } {
	const data: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(doc)) if (!k.startsWith('_')) data[k] = v;
	return { data, deleted: doc._deleted === true };
}

/** People referenced by any `…Id`/`…Ids` field of the rows, for permission checks. */
function referencedIds(docs: Record<string, unknown>[]): string[] {
	const ids = new Set<string>();
	for (const d of docs)
		for (const [k, v] of Object.entries(d)) {
			if (k.endsWith('Id') && typeof v === 'string') ids.add(v);
			if (k.endsWith('Ids') && Array.isArray(v))
				v.forEach((x) => typeof x === 'string' && ids.add(x));
		}
	return [...ids];
}

async function writeContext(
	q: Queryable,
	docs: Record<string, unknown>[]
): Promise<{ ctx: WriteContext; sites: Map<string, string> }> {
	const people = new Map(
		(await getDocuments<Person>(q, 'people', referencedIds(docs))).map((p) => [p.id, p])
	);
	const sites = new Map(
		(await allDocuments<Settings>(q, 'settings'))
			.filter((s) => s.kind === 'site' && s.active)
			.map((s) => [s.id, String(s.data.accessionPattern ?? '')])
	);
	return { ctx: { person: (id) => people.get(id) }, sites };
}

export interface PushResult {
	conflicts: WireDoc[];
	accepted: { id: string; deviceAt: string | undefined }[];
	changed: CollectionName[];
}

/**
 * Applies a push atomically: every row is validated (schema, domain rules, permissions)
 * before anything is written; then each row is compare-and-set under a row lock. A row whose
 * stored state equals its new state is a retried push and changes nothing (rule 4).
 */
export async function push(
	deps: Deps,
	user: Person,
	collection: CollectionName,
	rows: PushRow[]
): Promise<PushResult> {
	const schema = collections[collection].schema;
	const parsed = rows.map((row, i) => {
		const next = splitWire(row.newDocumentState);
		const r = schema.safeParse(next.data);
		if (!r.success)
			throw new PushRejected(422, `Invalid ${collection} document`, [
				{
					row: i,
					id: row.newDocumentState.id,
					problem: r.error.issues
						.map((x) => `${x.path.join('.') || '(document)'}: ${x.message}`)
						.join('; ')
				}
			]);
		return {
			row,
			data: r.data as DocOf<CollectionName> & Record<string, unknown>,
			deleted: next.deleted,
			assumed: row.assumedMasterState ? splitWire(row.assumedMasterState) : null
		};
	});

	return deps.db.transaction(async (tx) => {
		const { ctx, sites } = await writeContext(
			tx,
			parsed.map((p) => p.data)
		);
		const result: PushResult = { conflicts: [], accepted: [], changed: [] };
		const at = deps.now().toISOString();
		const derived: Awaited<ReturnType<typeof deriveDocuments>> = [];

		for (const [i, p] of parsed.entries()) {
			const stored = await lockDocument(tx, collection, p.data.id);
			const storedWire = stored ? toWire(stored) : null;
			const newWire = { ...p.data, _deleted: p.deleted };
			// Retried push: already stored exactly so.
			if (storedWire && sameDoc(storedWire, newWire)) continue;
			// Compare-and-set: the client must have based its change on what we hold. A tombstone
			// assumed where nothing is stored is the same "no document" (a device that removed its
			// copy of a refused new document, then creates it again: e.g. a second check-in).
			const assumedWire = p.assumed ? { ...p.assumed.data, _deleted: p.assumed.deleted } : null;
			if (
				storedWire
					? !assumedWire || !sameDoc(storedWire, assumedWire)
					: !!p.assumed && !p.assumed.deleted
			) {
				if (storedWire) result.conflicts.push(storedWire);
				else
					throw new PushRejected(409, 'The document you changed does not exist on the server', [
						{ row: i, id: p.data.id, problem: 'unknown document' }
					]);
				continue;
			}
			const prev = stored && !stored.deleted ? (stored.data as DocOf<CollectionName>) : null;
			const verdict = authorizeWrite(collection, user, prev, p.data, ctx);
			if (verdict)
				throw new PushRejected(403, verdict, [{ row: i, id: p.data.id, problem: verdict }]);
			if (collection === 'submissions' && !p.deleted) {
				const errors = checkSubmission(p.data as Submission, {
					accessionPatternOf: (siteId) => sites.get(siteId),
					isRadiologist: (id) => {
						const who = ctx.person(id);
						return !!who && who.active && who.roles.includes('radiologist');
					}
				});
				if (errors.length)
					throw new PushRejected(
						422,
						errors.map((e) => e.message).join('; '),
						errors.map((e) => ({ row: i, id: p.data.id, problem: `${e.field}: ${e.message}` }))
					);
			}
			if (collection === 'iq_reviews' && !p.deleted) {
				const problems = await checkReviewPush(tx, prev as IqReview | null, p.data as IqReview);
				if (problems.length)
					throw new PushRejected(
						422,
						problems.map((e) => e.message).join('; '),
						problems.map((e) => ({ row: i, id: p.data.id, problem: `${e.field}: ${e.message}` }))
					);
			}
			if (collection === 'attendance' && !p.deleted) {
				const problems = await checkAttendancePush(
					tx,
					user,
					prev as Attendance | null,
					p.data as Attendance,
					deps.now()
				);
				if (problems.length)
					throw new PushRejected(
						422,
						problems.map((e) => e.message).join('; '),
						problems.map((e) => ({ row: i, id: p.data.id, problem: `${e.field}: ${e.message}` }))
					);
			}
			const readers = readersOf(collection, p.data);
			if (stored) await updateDocument(tx, collection, p.data, p.deleted, readers);
			else if (!(await insertDocument(tx, collection, p.data, p.deleted, readers))) {
				// Another client inserted the same id meanwhile (there was no row to lock):
				// exactly one insert wins; this one becomes a conflict, or a no-op if identical.
				const winner = await lockDocument(tx, collection, p.data.id);
				if (winner && !sameDoc(toWire(winner), newWire)) result.conflicts.push(toWire(winner));
				continue;
			}
			result.accepted.push({
				id: p.data.id,
				deviceAt: String(p.data.updatedAt ?? '') || undefined
			});
			if (!p.deleted) derived.push(...(await deriveDocuments(tx, collection, prev, p.data, at)));
		}
		const fresh: Notification[] = [];
		for (const d of derived) {
			if (await insertDocument(tx, d.collection, d.doc, false, readersOf(d.collection, d.doc)))
				if (d.collection === 'notifications') fresh.push(d.doc as Notification);
		}
		await queueEmails(tx, deps, fresh);
		if (result.accepted.length) result.changed.push(collection);
		result.changed.push(...derived.map((d) => d.collection));
		return result;
	});
}
