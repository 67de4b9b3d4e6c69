import type { RxCollection } from 'rxdb/plugins/core';
import { caseSchema, type PresentationCase } from '@rounds/shared/conferences/conference.schema';
import { markReady, withEdit } from '@rounds/shared/conferences/gate';
import type { Detector } from '@rounds/shared/conferences/identifiers';

/** What the case editor writes: the content `withEdit` compares. */
export type CaseContent = Parameters<typeof withEdit>[1];

export type CaseWriteResult =
	| { ok: true; case: PresentationCase }
	| { ok: false; reason: 'not-found' | 'invalid' | 'blocked'; message?: string };

/**
 * The stored case named by `caseId`, and only that one. An id that is not a non-empty string is
 * refused: RxDB's `findOne()` without an id returns the collection's first document, and an
 * edit meant for one case would land on another.
 */
async function caseNamed(cases: RxCollection<PresentationCase>, caseId: string) {
	if (typeof caseId !== 'string' || !caseId) return null;
	const doc = await cases.findOne(caseId).exec();
	return doc && doc.primary === caseId ? doc : null;
}

/**
 * Writes the editor's content to one case. Checked before writing, so a bad edit changes
 * nothing and says why; a change of content clears the ready mark (see `withEdit`).
 */
export async function writeCaseEdit(
	cases: RxCollection<PresentationCase>,
	caseId: string,
	content: CaseContent,
	now: string
): Promise<CaseWriteResult> {
	const doc = await caseNamed(cases, caseId);
	if (!doc) return { ok: false, reason: 'not-found' };
	const check = caseSchema.safeParse(withEdit(doc.toMutableJSON(), content, now));
	if (!check.success)
		return { ok: false, reason: 'invalid', message: check.error.issues[0]?.message };
	const written = await doc.incrementalModify((old) => withEdit(old, content, now));
	return { ok: true, case: written.toMutableJSON() };
}

/**
 * Marks one case ready when the stored case (not the form) passes the gate now: what is marked
 * is what was written.
 */
export async function writeCaseReady(
	cases: RxCollection<PresentationCase>,
	caseId: string,
	detect: Detector,
	now: string
): Promise<CaseWriteResult> {
	const doc = await caseNamed(cases, caseId);
	if (!doc) return { ok: false, reason: 'not-found' };
	let ok = false;
	const written = await doc.incrementalModify((old) => {
		const r = markReady(old, detect, now);
		ok = r.ok;
		return r.ok ? r.case : old;
	});
	return ok ? { ok: true, case: written.toMutableJSON() } : { ok: false, reason: 'blocked' };
}
