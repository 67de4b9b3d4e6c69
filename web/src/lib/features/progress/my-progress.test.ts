import { describe, expect, it } from 'vitest';
import type { Settings } from '@rounds/shared/org/settings.schema';
import type { ProgressData } from '@rounds/shared/reports/targets';
import { personFactory } from '@rounds/shared/testing/factories';
import { defaultPolicy } from '../program/policy-form.ts';
import { myProgress } from './my-progress.ts';

const policy: Settings = {
	id: 'policy-2026',
	createdAt: '2026-01-01T00:00:00.000Z',
	updatedAt: '2026-01-01T00:00:00.000Z',
	kind: 'target-policy',
	name: 'Targets 2026',
	active: true,
	data: defaultPolicy(2026)
};
const none: ProgressData = { submissions: [], attendance: [], conferences: [], iqReviews: [] };
/** Local noon, so the test holds in any time zone. */
const now = new Date(2026, 5, 15, 12);

describe('my progress', () => {
	it('says when there is no policy, no target for the role, or no membership that year', () => {
		const rad = personFactory({ createdAt: new Date(2020, 0, 1).toISOString() });
		expect(myProgress([], rad, 2026, none, now).state).toBe('no-policy');
		const viewer = personFactory({ roles: ['leadership_viewer'] });
		expect(myProgress([policy], viewer, 2026, none, now).state).toBe('no-targets');
		const joined = personFactory({ createdAt: new Date(2027, 0, 5).toISOString() });
		expect(myProgress([policy], joined, 2026, none, now).state).toBe('not-in-program');
	});

	it('gives a radiologist submissions and attendance, with proration flags', () => {
		const rad = personFactory({
			id: 'r',
			fte: 0.5,
			createdAt: new Date(2026, 2, 1, 9).toISOString()
		});
		const data: ProgressData = {
			...none,
			submissions: [
				{
					submitterId: 'r',
					status: 'submitted',
					submittedAt: new Date(2026, 5, 2, 10).toISOString()
				}
			]
		};
		const p = myProgress([policy], rad, 2026, data, now);
		expect(p.state).toBe('ok');
		if (p.state !== 'ok') return;
		expect(p.proratedFte).toBe(0.5);
		expect(p.partYear).toBe(true);
		// March–December = 10 months × 1 × 0.5 FTE = 5.
		expect(p.progress.submissions).toMatchObject({ count: 1, target: 5, periodCount: 1 });
		expect(p.progress.attendance?.targets.total.minimum).toBe(3); // 3 × 306/365 = 2.5 → 3
		expect(p.progress.iqReviews).toBeNull();
	});

	it('gives a technologist image-quality reviews only', () => {
		const tech = personFactory({
			id: 't',
			roles: ['technologist'],
			createdAt: new Date(2020, 0, 1).toISOString()
		});
		const p = myProgress([policy], tech, 2026, none, now);
		expect(p.state === 'ok' && p.progress.iqReviews?.target).toBe(48);
		expect(p.state === 'ok' && p.progress.submissions).toBeNull();
		expect(p.state === 'ok' && p.partYear).toBe(false);
	});
});
