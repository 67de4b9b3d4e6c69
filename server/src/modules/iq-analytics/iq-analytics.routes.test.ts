import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person, Role } from '@rounds/shared/identity/identity.schema';
import type { IqReview } from '@rounds/shared/reviews/iq-review.schema';
import type { IqAnalytics } from '@rounds/shared/reviews/analytics';
import { defaultCriteriaTemplates } from '@rounds/shared/reviews/default-templates';
import { readersOf } from '@rounds/shared/sync/access';
import { iqReviewFactory, siteFactory } from '@rounds/shared/testing/factories';
import { createApp } from '../../app.ts';
import { insertDocument } from '../sync/documents.repository.ts';
import { createSessionFor } from '../identity/session.repository.ts';
import { createTestPerson, makeTestDeps, type TestDeps } from '../../testing/test-deps.ts';

let deps: TestDeps;
let reviewer: Person;
let performer: Person;

beforeEach(async () => {
	deps = await makeTestDeps();
	reviewer = await createTestPerson(deps, {
		name: 'Rhea Reviewerson',
		roles: ['sonographer'],
		modalities: ['US']
	});
	performer = await createTestPerson(deps, {
		name: 'Perry Performerson',
		roles: ['sonographer'],
		modalities: ['US']
	});
	const site = siteFactory({ id: 'site-lg', name: 'Lakeshore General' });
	const reviews: IqReview[] = [
		review({
			status: 'submitted',
			answers: { 'image-set': 'yes', annotations: 'no', probe: 'yes' },
			ranking: 'Good',
			attentionRequired: true,
			attentionReason: 'Left kidney not imaged',
			comment: 'Annotations missing on two images',
			escalation: {
				status: 'open',
				assessment: 'agree',
				radiologistConfirmation: 'Confirmed with the reading radiologist',
				repeatImaging: 'required',
				repeatCoordination: 'Booked for Tuesday',
				incidentRef: 'INC-4471',
				result: '',
				learningNote: 'Remember the annotation set',
				steps: [{ at: '2026-02-11T10:00:00.000Z', byId: 'p-lead', action: 'assess', note: '' }]
			}
		}),
		review({ status: 'submitted', answers: { 'image-set': 'no', annotations: 'no' } }),
		review({ status: 'declined', declineReason: 'I know the patient' }),
		review({ status: 'assigned', dueOn: '2026-02-20' }),
		review({ modality: 'CT', templateId: 'ct-CT-v1', status: 'assigned', dueOn: '2026-03-31' }),
		// Outside the period asked for.
		review({ status: 'submitted', performedAt: '2026-01-31T12:00:00.000Z' })
	];
	await deps.db.transaction(async (tx) => {
		for (const p of [reviewer, performer]) await insertDocument(tx, 'people', p, false, ['all']);
		await insertDocument(tx, 'settings', site, false, ['all']);
		for (const t of defaultCriteriaTemplates('2026-01-01T00:00:00.000Z'))
			await insertDocument(tx, 'settings', t, false, ['all']);
		for (const r of reviews)
			await insertDocument(tx, 'iq_reviews', r, false, readersOf('iq_reviews', r));
	});
});
afterEach(() => deps.close());

function review(over: Partial<IqReview>): IqReview {
	return iqReviewFactory({
		modality: 'US',
		siteId: 'site-lg',
		reviewerId: reviewer.id,
		performerId: performer.id,
		accession: 'LG26004242',
		examDescription: 'US renal',
		performedAt: '2026-02-10T09:00:00.000Z',
		period: '2026-02',
		dueOn: '2026-03-14',
		...over
	});
}

async function as(roles: Role[], query: string, extra: Partial<Person> = {}) {
	const p = await createTestPerson(deps, { roles, ...extra });
	const cookie = `rounds_session=${await createSessionFor(deps, p.id)}`;
	return createApp(deps).request(`/api/iq-analytics${query}`, { headers: { cookie } });
}
const FEB = '?from=2026-02-01&to=2026-02-28';

describe('IQ analytics endpoint', () => {
	it('answers leadership viewers with aggregates only', async () => {
		const res = await as(['leadership_viewer'], FEB);
		expect(res.status).toBe(200);
		const body = (await res.json()) as IqAnalytics;
		expect(body.byModality.map((m) => [m.modality, m.assigned, m.submitted, m.declined])).toEqual([
			['CT', 1, 0, 0],
			['US', 4, 2, 1]
		]);
		expect(body.byModality[1]).toMatchObject({
			completion: 0.5,
			open: 1,
			overdue: 1,
			attention: 1,
			escalationsOpen: 1
		});
		expect(body.bySite).toEqual([
			expect.objectContaining({ siteId: 'site-lg', siteName: 'Lakeshore General', assigned: 5 })
		]);
		expect(body.unmetCriteria.slice(0, 2)).toEqual([
			{
				modality: 'US',
				criterionId: 'annotations',
				label: 'Images annotated (side, organ, plane)',
				unmet: 2,
				answered: 2,
				rate: 1
			},
			expect.objectContaining({ criterionId: 'image-set', unmet: 1, answered: 2 })
		]);

		const text = JSON.stringify(body);
		for (const secret of [
			reviewer.id,
			performer.id,
			reviewer.name,
			performer.name,
			'LG26004242',
			'Annotations missing',
			'Left kidney',
			'I know the patient',
			'INC-4471',
			'Remember the annotation',
			'Booked for Tuesday',
			'p-lead',
			'US renal'
		])
			expect(text).not.toContain(secret);
	});

	it('filters by modality', async () => {
		const res = await as(['peer_learning_director'], `${FEB}&modality=CT`);
		const body = (await res.json()) as IqAnalytics;
		expect(body.byModality.map((m) => m.modality)).toEqual(['CT']);
		expect(body.totals.assigned).toBe(1);
		expect(body.unmetCriteria).toEqual([]);
	});

	it('lets quality leads in and keeps everyone else out', async () => {
		expect((await as(['modality_quality_lead'], FEB, { leadOfModalities: ['US'] })).status).toBe(
			200
		);
		for (const roles of [['sonographer'], ['radiologist'], ['section_chief'], ['system_admin']])
			expect((await as(roles as Role[], FEB)).status).toBe(403);
		expect((await createApp(deps).request(`/api/iq-analytics${FEB}`)).status).toBe(401);
	});

	it('refuses a malformed query with a clear message', async () => {
		for (const [query, message] of [
			['?from=2026-02-01', /Expected \?from=/],
			['?from=2026-02-30&to=2026-03-01', /Expected/],
			[`${FEB}&modality=XX`, /Expected/],
			['?from=2026-03-01&to=2026-02-01', /must not be after/],
			['?from=2020-01-01&to=2026-01-01', /three years/]
		] as const) {
			const res = await as(['leadership_viewer'], query);
			expect(res.status, query).toBe(400);
			expect(((await res.json()) as { message: string }).message).toMatch(message);
		}
	});
});
