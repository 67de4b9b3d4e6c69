import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { collections } from '@rounds/shared/sync/registry';
import { SCHEMA_VERSION_HEADER } from '@rounds/shared/sync/protocol';
import type { Person } from '@rounds/shared/identity/identity.schema';
import type { Notification } from '@rounds/shared/notifications/notification.schema';
import type { IqReview } from '@rounds/shared/reviews/iq-review.schema';
import { readersOf } from '@rounds/shared/sync/access';
import { defaultCriteriaTemplates } from '@rounds/shared/reviews/default-templates';
import { iqReviewFactory, personFactory } from '@rounds/shared/testing/factories';
import type { AppEnv } from '../../app-env.ts';
import { makeTestDeps, type TestDeps } from '../../testing/test-deps.ts';
import { allDocuments, insertDocument } from './documents.repository.ts';
import { replicationRoutes } from './replication.routes.ts';

const reviewer = personFactory({ id: 'p-reviewer', roles: ['sonographer'], modalities: ['US'] });
const performer = personFactory({ id: 'p-performer', roles: ['sonographer'], modalities: ['US'] });
const usLead = personFactory({
	id: 'p-us-lead',
	roles: ['modality_quality_lead', 'sonographer'],
	leadOfModalities: ['US'],
	modalities: ['US']
});
const ctLead = personFactory({
	id: 'p-ct-lead',
	roles: ['modality_quality_lead', 'technologist'],
	leadOfModalities: ['CT']
});
const people = [reviewer, performer, usLead, ctLead];

let deps: TestDeps;
let app: Hono<AppEnv>;
beforeEach(async () => {
	deps = await makeTestDeps();
	app = new Hono<AppEnv>()
		.use(async (c, next) => {
			c.set('user', people.find((p) => p.id === c.req.header('x-test-user')) ?? null);
			await next();
		})
		.route('/api/replication', replicationRoutes(deps));
	const templates = defaultCriteriaTemplates('2026-01-01T00:00:00.000Z');
	const usV1 = templates.find((t) => t.id === 'ct-US-v1')!;
	const usV2 = { ...usV1, id: 'ct-US-v2', data: { ...usV1.data, version: 2 } };
	await deps.db.transaction(async (tx) => {
		for (const p of people) await insertDocument(tx, 'people', p, false, ['all']);
		// Version 1 has been retired in favour of version 2.
		await insertDocument(
			tx,
			'settings',
			{ ...usV1, data: { ...usV1.data, retired: true } },
			false,
			['all']
		);
		await insertDocument(tx, 'settings', usV2, false, ['all']);
	});
});
afterEach(() => deps.close());

function push(user: Person, prev: IqReview | null, next: IqReview) {
	return app.request('/api/replication/iq_reviews/push', {
		method: 'POST',
		headers: {
			'x-test-user': user.id,
			'content-type': 'application/json',
			[SCHEMA_VERSION_HEADER]: `iq_reviews@${collections.iq_reviews.version}`
		},
		body: JSON.stringify([
			{
				assumedMasterState: prev ? { ...prev, _deleted: false } : null,
				newDocumentState: { ...next, _deleted: false }
			}
		])
	});
}
async function seed(review: IqReview) {
	await deps.db.transaction((tx) =>
		insertDocument(tx, 'iq_reviews', review, false, readersOf('iq_reviews', review))
	);
}
const notifications = () => allDocuments<Notification>(deps.db, 'notifications');
const stored = async (id: string) =>
	(await allDocuments<IqReview>(deps.db, 'iq_reviews')).find((r) => r.id === id);

const US_ANSWERS = {
	'image-set': 'yes',
	annotations: 'yes',
	probe: 'no',
	measurements: 'na',
	doppler: 'na',
	limitations: 'yes'
} as const;
const assigned = (over: Partial<IqReview> = {}) =>
	iqReviewFactory({ id: 'iq-1', templateId: 'ct-US-v2', templateVersion: 2, ...over });
const answered = (r: IqReview, over: Partial<IqReview> = {}): IqReview => ({
	...r,
	status: 'submitted',
	answers: { ...US_ANSWERS },
	ranking: 'Acceptable',
	comment: 'Probe choice limited the deep views.',
	submittedAt: '2026-03-02T09:00:00.000Z',
	...over
});

describe('image-quality reviews through sync', () => {
	it('a lead creates an assignment and the reviewer is notified once per run', async () => {
		const a = assigned({ runId: 'run-1' });
		const b = assigned({ id: 'iq-2', runId: 'run-1', examId: 'exam-2' });
		expect((await push(usLead, null, a)).status).toBe(200);
		expect((await push(usLead, null, b)).status).toBe(200);
		const mine = (await notifications()).filter((n) => n.userId === reviewer.id);
		expect(mine.map((n) => n.kind)).toEqual(['review-assigned']);
	});

	it('refuses an assignment of an exam to the person who performed it', async () => {
		const res = await push(usLead, null, assigned({ reviewerId: performer.id }));
		expect(res.status).toBe(403);
		expect(await res.text()).toContain('Nobody reviews an exam they performed');
		expect(await stored('iq-1')).toBeUndefined();
	});

	it('refuses an assignment from a lead of another modality', async () => {
		expect((await push(ctLead, null, assigned())).status).toBe(403);
	});

	it('accepts a complete review and alerts the modality lead when attention is required', async () => {
		const a = assigned();
		await seed(a);
		const done = answered(a, { attentionRequired: true, attentionReason: 'Liver not imaged.' });
		expect((await push(reviewer, a, done)).status).toBe(200);
		expect((await stored('iq-1'))?.status).toBe('submitted');
		const alerts = (await notifications()).filter((n) => n.kind === 'attention-required');
		expect(alerts.map((n) => n.userId)).toEqual([usLead.id]);
		expect(alerts[0]!.link).toBe('/iq/iq-1');
	});

	it('refuses an incomplete review and stores nothing', async () => {
		const a = assigned();
		await seed(a);
		const missing = Object.fromEntries(
			Object.entries(US_ANSWERS).filter(([k]) => k !== 'probe')
		) as IqReview['answers'];
		const res = await push(reviewer, a, answered(a, { answers: missing }));
		expect(res.status).toBe(422);
		expect(await res.text()).toContain('Probe and preset appropriate');
		expect((await stored('iq-1'))?.status).toBe('assigned');
	});

	it('refuses N/A where the criterion does not allow it, and attention without a reason', async () => {
		const a = assigned();
		await seed(a);
		const res = await push(
			reviewer,
			a,
			answered(a, { answers: { ...US_ANSWERS, probe: 'na' }, attentionRequired: true })
		);
		expect(res.status).toBe(422);
		const text = await res.text();
		expect(text).toContain('cannot be N/A');
		expect(text).toContain('Say why attention is required');
	});

	it('refuses a review submitted against a retired checklist version with a clear message', async () => {
		const a = assigned({ templateId: 'ct-US-v1', templateVersion: 1 });
		await seed(a);
		const res = await push(reviewer, a, answered(a));
		expect(res.status).toBe(422);
		expect(await res.text()).toContain('retired');
		expect((await stored('iq-1'))?.status).toBe('assigned');
		// Switching the draft to the current version is allowed, and then it submits.
		const switched = { ...a, templateId: 'ct-US-v2', templateVersion: 2 };
		expect((await push(reviewer, a, switched)).status).toBe(200);
		expect((await push(reviewer, switched, answered(switched))).status).toBe(200);
	});

	it('a decline needs a reason', async () => {
		const a = assigned();
		await seed(a);
		const res = await push(reviewer, a, { ...a, status: 'declined' });
		expect(res.status).toBe(422);
		const ok = await push(reviewer, a, { ...a, status: 'declined', declineReason: 'My relative' });
		expect(ok.status).toBe(200);
	});

	it('a submitted review can no longer be changed by the reviewer', async () => {
		const a = answered(assigned());
		await seed(a);
		const res = await push(reviewer, a, { ...a, ranking: 'Excellent' });
		expect(res.status).toBe(403);
	});

	it('closing the escalation sends the performer learning feedback, not a score', async () => {
		const a = answered(assigned(), {
			attentionRequired: true,
			attentionReason: 'Liver not imaged.'
		});
		await seed(a);
		const escalation: NonNullable<IqReview['escalation']> = {
			status: 'closed',
			assessment: 'agree',
			radiologistConfirmation: 'Confirmed with Dr Reader.',
			repeatImaging: 'required',
			repeatCoordination: 'Booked for Friday.',
			incidentRef: '',
			result: 'Repeat done, liver normal.',
			learningNote: 'Remember the liver sweep in the protocol image set.',
			steps: [{ at: '2026-03-02T09:00:00.000Z', byId: usLead.id, action: 'closed', note: '' }]
		};
		expect((await push(usLead, a, { ...a, escalation })).status).toBe(200);
		const feedback = (await notifications()).filter((n) => n.kind === 'learning-feedback');
		expect(feedback.map((n) => n.userId)).toEqual([performer.id]);
		expect(feedback[0]!.body).toContain('liver sweep');
		expect(feedback[0]!.body).not.toContain('Acceptable');
		expect(feedback[0]!.body).not.toContain(reviewer.name);
	});
});

describe('notification ids', () => {
	it('stay distinct per recipient when the key is long', async () => {
		const { notificationId } = await import('./side-effects.ts');
		const key = `kl:conf-${'x'.repeat(36)}:2026-11-23T12:00:00.000Z`;
		const a = notificationId(key, 'u-rad1');
		const b = notificationId(key, 'u-rad2');
		expect(a).not.toBe(b);
		expect(a.length).toBeLessThanOrEqual(64);
		expect(notificationId(key, 'u-rad1')).toBe(a);
		expect(notificationId('short', 'u1')).toBe('n:short:u1');
	});
});
