import { describe, expect, it } from 'vitest';
import { settingsSchema } from '@rounds/shared/org/settings.schema';
import { defaultCriteriaTemplates } from '@rounds/shared/reviews/default-templates';
import {
	canEditModality,
	currentVersion,
	defaultDraft,
	draftFrom,
	move,
	publishVersion,
	slugify,
	uniqueId,
	validateDraft,
	type ChecklistDraft,
	type CriteriaTemplate
} from './criteria-editor.ts';

const now = '2026-04-01T10:00:00.000Z';
let n = 0;
const key = () => `k${++n}`;
const usV1 = defaultCriteriaTemplates('2026-01-01T00:00:00.000Z').find(
	(t) => t.id === 'ct-US-v1'
)! as CriteriaTemplate;
const codes = (d: ChecklistDraft, current: CriteriaTemplate | null = null) =>
	validateDraft(d, current).map((p) => [p.code, p.index ?? null]);
const newRow = (label: string) => ({ key: key(), id: null, label, allowNa: false });

describe('checklist validation', () => {
	it('accepts the shipped checklists as they are', () => {
		for (const t of defaultCriteriaTemplates(now))
			expect(validateDraft(draftFrom(t as CriteriaTemplate, key))).toEqual([]);
	});

	it('flags empty and duplicate labels on their rows', () => {
		const d = draftFrom(usV1, key);
		d.criteria[1]!.label = '   ';
		d.criteria.push(newRow(' protocol IMAGE  set complete'));
		expect(codes(d)).toEqual([
			['labelEmpty', 1],
			['labelDuplicate', 6]
		]);
		expect(validateDraft(d)[1]!.values).toEqual({ row: 1 });
	});

	it('refuses more than ten criteria, and an empty checklist', () => {
		const d = draftFrom(usV1, key);
		for (let i = 0; i < 5; i++) d.criteria.push(newRow(`Extra ${i}`));
		expect(validateDraft(d)).toEqual([
			{ code: 'tooMany', field: 'criteria', values: { count: 11, max: 10 } }
		]);
		expect(codes({ ...d, criteria: [] })).toEqual([['noCriteria', null]]);
	});

	it('wants a ranking scale of 2 to 6 distinct, non-empty labels', () => {
		const d = draftFrom(usV1, key);
		expect(codes({ ...d, rankingScale: ['Good'] })).toEqual([['scaleCount', null]]);
		expect(codes({ ...d, rankingScale: ['1', '2', '3', '4', '5', '6', '7'] })).toEqual([
			['scaleCount', null]
		]);
		expect(codes({ ...d, rankingScale: ['Good', '', 'good '] })).toEqual([
			['scaleEmpty', 1],
			['scaleDuplicate', 2]
		]);
	});

	it('has nothing to publish when the draft equals the current version', () => {
		const d = draftFrom(usV1, key);
		expect(codes(d, usV1)).toEqual([['unchanged', null]]);
		d.criteria[0]!.label += ' ';
		expect(codes(d, usV1)).toEqual([['unchanged', null]]);
		d.criteria = move(d.criteria, 0, 1);
		expect(codes(d, usV1)).toEqual([]);
	});
});

describe('publishing a new version', () => {
	it('creates version n+1, retires the previous one, keeps ids of reworded criteria', () => {
		const d = draftFrom(usV1, key);
		d.criteria[1]!.label = 'Annotations: side, organ and plane';
		d.criteria = move(d.criteria, 5, -1);
		const r = publishVersion('US', [usV1], d, now);
		if (!r.ok) throw new Error(JSON.stringify(r.problems));
		expect(r.next.id).toBe('ct-US-v2');
		expect(r.next.data).toMatchObject({ modality: 'US', version: 2, retired: false });
		expect(r.next.data.criteria.map((c) => c.id)).toEqual([
			'image-set',
			'annotations',
			'probe',
			'measurements',
			'limitations',
			'doppler'
		]);
		expect(r.next.data.criteria[1]!.label).toBe('Annotations: side, organ and plane');
		expect(r.retired).toEqual([{ ...usV1, updatedAt: now, data: { ...usV1.data, retired: true } }]);
		// The published version itself is untouched.
		expect(usV1.data.retired).toBe(false);
		expect(() => settingsSchema.parse(r.next)).not.toThrow();
	});

	it('gives new criteria fresh ids, never one an earlier version used', () => {
		const v2 = { ...usV1, id: 'ct-US-v2', data: { ...usV1.data, version: 2 } };
		const v1 = { ...usV1, data: { ...usV1.data, retired: true } };
		const d = draftFrom(v2, key);
		d.criteria = d.criteria.filter((c) => c.id !== 'probe');
		// Same wording as the removed criterion's id, and two new rows with the same slug root.
		d.criteria.push(newRow('Probe'), newRow('Échographie: gain réglé'));
		const r = publishVersion('US', [v1, v2], d, now);
		if (!r.ok) throw new Error(JSON.stringify(r.problems));
		expect(r.next.id).toBe('ct-US-v3');
		expect(r.next.data.criteria.slice(-2).map((c) => c.id)).toEqual([
			'probe-2',
			'echographie-gain-regle'
		]);
		expect(r.retired.map((t) => t.id)).toEqual(['ct-US-v2']);
	});

	it('publishes version 1 from the shipped default when a modality has none', () => {
		const r = publishVersion('MG', [usV1], defaultDraft('MG', key), now);
		expect(r.ok && [r.next.id, r.next.data.version, r.retired.length]).toEqual(['ct-MG-v1', 1, 0]);
		expect(r.ok && r.next.data.rankingScale).toEqual(['Perfect', 'Good', 'Moderate', 'Inadequate']);
	});

	it('writes nothing when the draft has problems', () => {
		const d = draftFrom(usV1, key);
		d.rankingScale = ['Only one'];
		const r = publishVersion('US', [usV1], d, now);
		expect(r).toEqual({
			ok: false,
			problems: [
				{ code: 'scaleCount', field: 'rankingScale', values: { count: 1, min: 2, max: 6 } }
			]
		});
	});
});

describe('editor helpers', () => {
	it('lets admins and the director edit every modality, leads only theirs', () => {
		const lead = { roles: ['modality_quality_lead' as const], leadOfModalities: ['US' as const] };
		expect(canEditModality(lead, 'US')).toBe(true);
		expect(canEditModality(lead, 'CT')).toBe(false);
		expect(canEditModality({ roles: ['technologist'], leadOfModalities: ['US'] }, 'US')).toBe(
			false
		);
		expect(canEditModality({ roles: ['peer_learning_director'], leadOfModalities: [] }, 'NM')).toBe(
			true
		);
		expect(canEditModality(null, 'US')).toBe(false);
	});

	it('moves rows up and down within bounds', () => {
		expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
		expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
		expect(move(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
	});

	it('picks the newest version in use as current', () => {
		const v2 = { ...usV1, id: 'ct-US-v2', data: { ...usV1.data, version: 2 } };
		expect(currentVersion([usV1, v2])?.id).toBe('ct-US-v2');
		expect(currentVersion([{ ...v2, data: { ...v2.data, retired: true } }, usV1])?.id).toBe(
			'ct-US-v1'
		);
		expect(currentVersion([])).toBeNull();
	});

	it('makes ids from labels', () => {
		expect(slugify('  Probe & preset: appropriate! ')).toBe('probe-preset-appropriate');
		expect(slugify('???')).toBe('criterion');
		expect(slugify('x'.repeat(80)).length).toBe(48);
		expect(uniqueId('motion', new Set(['motion', 'motion-2']))).toBe('motion-3');
	});
});
