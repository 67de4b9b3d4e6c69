import { qiInitiativeSchema, type QiInitiative } from '@rounds/shared/reports/qi.schema';

export const QI_STATUSES = ['proposed', 'active', 'completed', 'abandoned'] as const;
export const QI_ORIGINS = ['submission', 'conference', 'iq-review', 'other'] as const;

export interface QiDraft {
	title: string;
	ownerId: string;
	status: QiInitiative['status'];
	originKind: QiInitiative['originKind'];
	startedOn: string;
	completedOn: string;
	outcome: string;
}

export const emptyDraft = (ownerId = ''): QiDraft => ({
	title: '',
	ownerId,
	status: 'proposed',
	originKind: 'submission',
	startedOn: '',
	completedOn: '',
	outcome: ''
});

export const draftOf = (q: QiInitiative): QiDraft => ({
	title: q.title,
	ownerId: q.ownerId,
	status: q.status,
	originKind: q.originKind,
	startedOn: q.startedOn ?? '',
	completedOn: q.completedOn ?? '',
	outcome: q.outcome
});

/** Message keys (under `qi.error.`) per field. */
export type QiErrors = Partial<Record<keyof QiDraft, string>>;

/**
 * The initiative a draft describes, or the fields to fix. Beyond the schema: an owner from the
 * directory, a start date once under way, an end date (not before the start) once completed.
 */
export function qiDoc(
	draft: QiDraft,
	prev: QiInitiative | null,
	now: string,
	newId: () => string,
	isPerson: (id: string) => boolean
): { ok: true; doc: QiInitiative } | { ok: false; errors: QiErrors } {
	const errors: QiErrors = {};
	const title = draft.title.trim();
	if (!title) errors.title = 'titleRequired';
	else if (title.length > 200) errors.title = 'titleLong';
	if (!draft.ownerId || !isPerson(draft.ownerId)) errors.ownerId = 'ownerRequired';
	if (draft.status !== 'proposed' && !draft.startedOn) errors.startedOn = 'startRequired';
	if (draft.status === 'completed' && !draft.completedOn) errors.completedOn = 'endRequired';
	if (draft.status !== 'completed' && draft.status !== 'abandoned' && draft.completedOn)
		errors.completedOn = 'endOnlyWhenDone';
	if (draft.startedOn && draft.completedOn && draft.completedOn < draft.startedOn)
		errors.completedOn = 'endBeforeStart';
	if (draft.outcome.length > 2000) errors.outcome = 'outcomeLong';
	if (Object.keys(errors).length) return { ok: false, errors };
	const doc = {
		id: prev?.id ?? newId(),
		createdAt: prev?.createdAt ?? now,
		updatedAt: now,
		title,
		ownerId: draft.ownerId,
		status: draft.status,
		originKind: draft.originKind,
		startedOn: draft.startedOn || null,
		completedOn: draft.completedOn || null,
		outcome: draft.outcome.trim()
	};
	const parsed = qiInitiativeSchema.safeParse(doc);
	if (!parsed.success) {
		const field = String(parsed.error.issues[0]?.path[0] ?? 'title') as keyof QiDraft;
		return { ok: false, errors: { [field]: 'invalid' } };
	}
	return { ok: true, doc: parsed.data };
}

export type QuarterEvent = 'started' | 'continued' | 'completed' | 'abandoned';
export interface QuarterRow {
	quarter: 1 | 2 | 3 | 4;
	first: string;
	last: string;
	started: number;
	/** Under way at some point in the quarter (started, continued or finished in it). */
	active: number;
	completed: number;
	initiatives: { initiative: QiInitiative; event: QuarterEvent }[];
}

/**
 * The quarterly summary for the meeting with administration (source 002): per quarter of the
 * year, the initiatives started, under way and completed in it, with their outcomes.
 * Proposals not yet started are not under way; an abandoned one ends on its end date, or else
 * on its last change.
 */
export function quarterlySummary(initiatives: readonly QiInitiative[], year: number): QuarterRow[] {
	return ([1, 2, 3, 4] as const).map((quarter) => {
		const m = (quarter - 1) * 3 + 1;
		const first = `${year}-${String(m).padStart(2, '0')}-01`;
		const last = new Date(Date.UTC(year, m + 2, 0)).toISOString().slice(0, 10);
		const rows: QuarterRow['initiatives'] = [];
		for (const q of initiatives) {
			if (!q.startedOn) continue;
			const end =
				q.completedOn ?? (q.status === 'abandoned' ? q.updatedAt.slice(0, 10) : '9999-12-31');
			if (q.startedOn > last || end < first) continue;
			const event: QuarterEvent =
				end <= last && q.status === 'completed'
					? 'completed'
					: end <= last && q.status === 'abandoned'
						? 'abandoned'
						: q.startedOn >= first
							? 'started'
							: 'continued';
			rows.push({ initiative: q, event });
		}
		rows.sort(
			(a, b) =>
				a.initiative.startedOn!.localeCompare(b.initiative.startedOn!) ||
				a.initiative.title.localeCompare(b.initiative.title)
		);
		return {
			quarter,
			first,
			last,
			started: rows.filter((r) => r.initiative.startedOn! >= first).length,
			active: rows.length,
			completed: rows.filter((r) => r.event === 'completed').length,
			initiatives: rows
		};
	});
}

/** One CSV record per initiative per quarter it was under way in (for `Papa.unparse`). */
export function summaryRecords(
	summary: readonly QuarterRow[],
	year: number,
	ownerName: (id: string) => string,
	label: (kind: 'status' | 'origin' | 'event', value: string) => string,
	linked: (id: string) => number | null
): Record<string, string | number>[] {
	return summary.flatMap((q) =>
		q.initiatives.map(({ initiative: i, event }) => ({
			quarter: `${year}-Q${q.quarter}`,
			title: i.title,
			inQuarter: label('event', event),
			status: label('status', i.status),
			origin: label('origin', i.originKind),
			owner: ownerName(i.ownerId),
			startedOn: i.startedOn ?? '',
			completedOn: i.completedOn ?? '',
			linkedSubmissions: linked(i.id) ?? '',
			outcome: i.outcome
		}))
	);
}
