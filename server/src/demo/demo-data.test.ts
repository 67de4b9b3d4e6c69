import { describe, expect, it } from 'vitest';
import { collections } from '@rounds/shared/sync/registry';
import { ROLES } from '@rounds/shared/identity/identity.schema';
import { checkSubmission, type Submission } from '@rounds/shared/submissions/submission.schema';
import { makeTestDeps } from '../testing/test-deps.ts';
import { buildDemoData, DEMO_LOGINS } from './demo-data.ts';
import { seedDemo } from './seed.ts';

const today = new Date('2026-11-23T12:00:00Z');

describe('demo data', () => {
	const data = buildDemoData(today);
	it('is deterministic', () => {
		expect(buildDemoData(today)).toEqual(data);
	});
	it('validates against the shared schemas', () => {
		for (const p of data.people) collections.people.schema.parse(p);
		for (const { collection, doc } of data.docs) {
			const r = collections[collection].schema.safeParse(doc);
			expect(r.success, `${collection} ${doc.id}: ${r.error?.message}`).toBe(true);
		}
	});
	it('passes the submission rules the server enforces', () => {
		const patterns = new Map(
			data.docs
				.filter((d) => d.collection === 'settings' && d.doc.kind === 'site')
				.map((d) => [
					d.doc.id,
					String((d.doc.data as { accessionPattern: string }).accessionPattern)
				])
		);
		const rads = new Set(
			data.people.filter((p) => p.roles.includes('radiologist')).map((p) => p.id)
		);
		for (const { doc } of data.docs.filter((d) => d.collection === 'submissions'))
			expect(
				checkSubmission(doc as Submission, {
					accessionPatternOf: (s) => patterns.get(s),
					isRadiologist: (id) => rads.has(id)
				})
			).toEqual([]);
	});
	it('has every role, ~40 people, demo logins, and feedback loops in every state', () => {
		expect(new Set(data.people.flatMap((p) => p.roles))).toEqual(new Set(ROLES));
		expect(data.people.length).toBeGreaterThanOrEqual(38);
		expect(new Set(data.people.map((p) => p.name)).size).toBe(data.people.length);
		for (const l of DEMO_LOGINS) expect(data.people.some((p) => p.email === l.email)).toBe(true);
		const fb = data.docs.filter((d) => d.collection === 'feedback').map((d) => d.doc);
		expect(
			new Set(fb.map((f) => (f.repliedAt ? 'replied' : f.acknowledgedAt ? 'acknowledged' : 'sent')))
		).toEqual(new Set(['sent', 'acknowledged', 'replied']));
		expect(JSON.stringify(fb)).not.toMatch(/submitterId/);
	});
	it('seeds an empty database once', async () => {
		const deps = await makeTestDeps();
		deps.clock.now = today;
		try {
			expect(await seedDemo(deps)).toBe(true);
			expect(await seedDemo(deps)).toBe(false);
			const n = await deps.db.query<{ n: string }>(`select count(*)::text as n from documents`);
			expect(Number(n.rows[0]!.n)).toBe(data.people.length + data.docs.length);
		} finally {
			await deps.close();
		}
	});
});
