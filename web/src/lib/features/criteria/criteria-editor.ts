import type { Modality } from '@rounds/shared/common.schema';
import type { Person } from '@rounds/shared/identity/identity.schema';
import { settingsSchema, type SettingsOf } from '@rounds/shared/org/settings.schema';
import { defaultCriteriaTemplates, templateId } from '@rounds/shared/reviews/default-templates';

export type CriteriaTemplate = SettingsOf<'criteria-template'>;

/** The program's limit: short forms get done (an 18-item form was cut to nine, DOMAIN.md). */
export const MAX_CRITERIA = 10;
export const SCALE_MIN = 2;
export const SCALE_MAX = 6;
export const LABEL_MAX = 200;
export const SCALE_LABEL_MAX = 40;
export const PROMPT_MAX = 200;

export interface CriterionDraft {
	/** Stable key for the list while editing (new rows have no id yet). */
	key: string;
	/** The published id; null for a criterion added in this edit. */
	id: string | null;
	label: string;
	allowNa: boolean;
}
export interface ChecklistDraft {
	name: string;
	criteria: CriterionDraft[];
	rankingScale: string[];
	commentPrompt: string;
}

export type ProblemCode =
	| 'nameEmpty'
	| 'noCriteria'
	| 'tooMany'
	| 'labelEmpty'
	| 'labelTooLong'
	| 'labelDuplicate'
	| 'scaleCount'
	| 'scaleEmpty'
	| 'scaleTooLong'
	| 'scaleDuplicate'
	| 'promptTooLong'
	| 'unchanged';
export interface DraftProblem {
	code: ProblemCode;
	field: 'name' | 'criteria' | 'rankingScale' | 'commentPrompt' | 'form';
	/** Row of the criterion or scale label concerned. */
	index?: number;
	values?: Record<string, string | number>;
}

/** Who may change a modality's checklist here: admins and the director all, leads their own. */
export function canEditModality(
	user: Pick<Person, 'roles' | 'leadOfModalities'> | null,
	modality: Modality
): boolean {
	if (!user) return false;
	if (user.roles.some((r) => r === 'system_admin' || r === 'peer_learning_director')) return true;
	return user.roles.includes('modality_quality_lead') && user.leadOfModalities.includes(modality);
}

/** The version reviews are answered against now: the newest one not retired. */
export function currentVersion(versions: readonly CriteriaTemplate[]): CriteriaTemplate | null {
	return (
		[...versions]
			.filter((v) => !v.data.retired)
			.sort((a, b) => b.data.version - a.data.version)[0] ?? null
	);
}

/** An editable copy of a published version. */
export function draftFrom(t: CriteriaTemplate, newKey: () => string): ChecklistDraft {
	return {
		name: t.name,
		criteria: t.data.criteria.map((c) => ({
			key: newKey(),
			id: c.id,
			label: c.label,
			allowNa: c.allowNa
		})),
		rankingScale: [...t.data.rankingScale],
		commentPrompt: t.data.commentPrompt
	};
}

/** The shipped checklist of a modality, as a draft to publish as version 1 (or later). */
export function defaultDraft(modality: Modality, newKey: () => string): ChecklistDraft {
	const shipped = defaultCriteriaTemplates(new Date(0).toISOString()).find(
		(t) => t.data.modality === modality
	)!;
	return draftFrom(shipped, newKey);
}

/** Moves row `index` by `delta` (−1 up, +1 down); the same array when it cannot move. */
export function move<T>(rows: readonly T[], index: number, delta: -1 | 1): T[] {
	const to = index + delta;
	if (index < 0 || index >= rows.length || to < 0 || to >= rows.length) return [...rows];
	const out = [...rows];
	[out[index], out[to]] = [out[to]!, out[index]!];
	return out;
}

/** Labels compare ignoring case and extra spaces. */
const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase();

/** What stops the draft from being published (messages are looked up by `code`). */
export function validateDraft(
	d: ChecklistDraft,
	current: CriteriaTemplate | null = null
): DraftProblem[] {
	const out: DraftProblem[] = [];
	if (!d.name.trim()) out.push({ code: 'nameEmpty', field: 'name' });
	if (d.criteria.length === 0) out.push({ code: 'noCriteria', field: 'criteria' });
	if (d.criteria.length > MAX_CRITERIA)
		out.push({
			code: 'tooMany',
			field: 'criteria',
			values: { count: d.criteria.length, max: MAX_CRITERIA }
		});
	const seen = new Map<string, number>();
	d.criteria.forEach((c, index) => {
		const label = norm(c.label);
		if (!label) out.push({ code: 'labelEmpty', field: 'criteria', index });
		else if (c.label.trim().length > LABEL_MAX)
			out.push({ code: 'labelTooLong', field: 'criteria', index, values: { max: LABEL_MAX } });
		else if (seen.has(label))
			out.push({
				code: 'labelDuplicate',
				field: 'criteria',
				index,
				values: { row: seen.get(label)! + 1 }
			});
		else seen.set(label, index);
	});

	const scale = d.rankingScale;
	if (scale.length < SCALE_MIN || scale.length > SCALE_MAX)
		out.push({
			code: 'scaleCount',
			field: 'rankingScale',
			values: { count: scale.length, min: SCALE_MIN, max: SCALE_MAX }
		});
	const levels = new Map<string, number>();
	scale.forEach((l, index) => {
		const label = norm(l);
		if (!label) out.push({ code: 'scaleEmpty', field: 'rankingScale', index });
		else if (l.trim().length > SCALE_LABEL_MAX)
			out.push({
				code: 'scaleTooLong',
				field: 'rankingScale',
				index,
				values: { max: SCALE_LABEL_MAX }
			});
		else if (levels.has(label))
			out.push({
				code: 'scaleDuplicate',
				field: 'rankingScale',
				index,
				values: { row: levels.get(label)! + 1 }
			});
		else levels.set(label, index);
	});
	if (d.commentPrompt.trim().length > PROMPT_MAX)
		out.push({ code: 'promptTooLong', field: 'commentPrompt', values: { max: PROMPT_MAX } });

	if (!out.length && current && sameContent(d, current))
		out.push({ code: 'unchanged', field: 'form' });
	return out;
}

function sameContent(d: ChecklistDraft, t: CriteriaTemplate): boolean {
	const clean = cleaned(d);
	return (
		clean.name === t.name &&
		clean.commentPrompt === t.data.commentPrompt &&
		JSON.stringify(clean.rankingScale) === JSON.stringify(t.data.rankingScale) &&
		JSON.stringify(clean.criteria.map((c) => [c.id, c.label, c.allowNa])) ===
			JSON.stringify(t.data.criteria.map((c) => [c.id, c.label, c.allowNa]))
	);
}

const cleaned = (d: ChecklistDraft): ChecklistDraft => ({
	name: d.name.trim(),
	commentPrompt: d.commentPrompt.trim(),
	rankingScale: d.rankingScale.map((l) => l.trim().replace(/\s+/g, ' ')),
	criteria: d.criteria.map((c) => ({ ...c, label: c.label.trim().replace(/\s+/g, ' ') }))
});

/** `Probe & preset: appropriate` → `probe-preset-appropriate` (a criterion id and answer key). */
export function slugify(label: string): string {
	const slug = label
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 48)
		.replace(/-+$/, '');
	return slug || 'criterion';
}

/** `base`, or `base-2`, `base-3`… whichever is not taken. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
	if (!taken.has(base)) return base;
	for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export type PublishResult =
	| { ok: true; next: CriteriaTemplate; retired: CriteriaTemplate[] }
	| { ok: false; problems: DraftProblem[] };

/**
 * Publishing never changes a published version: the draft becomes a new settings document
 * `ct-<M>-v<n+1>` and every version still in use is retired, so a review keeps the version it
 * was answered against. Criteria keep their ids when only reworded (answers carry over to the
 * new version); a new criterion gets a slug of its label never used by any version of this
 * modality, so old answers cannot be mistaken for answers to it.
 */
export function publishVersion(
	modality: Modality,
	versions: readonly CriteriaTemplate[],
	draft: ChecklistDraft,
	now: string
): PublishResult {
	const mine = versions.filter((v) => v.data.modality === modality);
	const current = currentVersion(mine);
	const problems = validateDraft(draft, current);
	if (problems.length) return { ok: false, problems };

	const d = cleaned(draft);
	const taken = new Set(mine.flatMap((v) => v.data.criteria.map((c) => c.id)));
	for (const c of d.criteria) if (c.id) taken.add(c.id);
	const criteria = d.criteria.map((c) => {
		if (c.id) return { id: c.id, label: c.label, allowNa: c.allowNa };
		const id = uniqueId(slugify(c.label), taken);
		taken.add(id);
		return { id, label: c.label, allowNa: c.allowNa };
	});
	const version = Math.max(0, ...mine.map((v) => v.data.version)) + 1;
	const next = settingsSchema.parse({
		id: templateId(modality, version),
		createdAt: now,
		updatedAt: now,
		kind: 'criteria-template',
		name: d.name,
		active: true,
		data: {
			modality,
			version,
			retired: false,
			rankingScale: d.rankingScale,
			criteria,
			commentPrompt: d.commentPrompt
		}
	}) as CriteriaTemplate;
	const retired = mine
		.filter((v) => !v.data.retired)
		.map((v) => ({ ...v, updatedAt: now, data: { ...v.data, retired: true } }));
	return { ok: true, next, retired };
}
