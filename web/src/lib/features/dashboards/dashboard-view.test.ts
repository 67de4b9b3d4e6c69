import { describe, expect, it } from 'vitest';
import { emptyTriage } from '@rounds/shared/submissions/submission.schema';
import { submissionFactory } from '@rounds/shared/testing/factories';
import {
	columnHeight,
	dashboardSources,
	dashboardsUrl,
	holdsAllSubmissions,
	scaled,
	toDashboardSubmission
} from './dashboard-view.ts';

describe('dashboard view', () => {
	it('chooses sources by role', () => {
		expect(dashboardSources({ roles: ['peer_learning_director'] })).toEqual(['local']);
		expect(dashboardSources({ roles: ['radiologist', 'section_chief'] })).toEqual([
			'local',
			'server'
		]);
		expect(dashboardSources({ roles: ['leadership_viewer'] })).toEqual(['server']);
		expect(dashboardSources({ roles: ['radiologist'] })).toEqual([]);
		expect(holdsAllSubmissions({ roles: ['section_chief'] })).toBe(false);
		expect(holdsAllSubmissions({ roles: ['peer_learning_director'] })).toBe(true);
	});

	it('narrows a submission to participation fields', () => {
		const s = submissionFactory({
			submitterId: 'p-1',
			triage: { ...emptyTriage(), qiInitiativeId: 'qi-1' }
		});
		const d = toDashboardSubmission(s);
		expect(d).toEqual({
			submitterId: 'p-1',
			status: s.status,
			submittedAt: s.submittedAt,
			reason: s.reason,
			sectionId: s.sectionId,
			qiInitiativeId: 'qi-1'
		});
		expect(JSON.stringify(d)).not.toContain(s.description);
	});

	it('builds the URL and scales bars', () => {
		expect(dashboardsUrl(2026, 'America/Toronto')).toBe(
			'/api/dashboards?from=2026-01-01&to=2026-12-31&tz=America%2FToronto'
		);
		expect(scaled(3, 4)).toBe('75%');
		expect(scaled(1, 0)).toBe('0%');
		expect(columnHeight(1, 3)).toBe(33.3);
	});
});
