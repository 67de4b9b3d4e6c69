import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import {
	annualInputFromDocuments,
	computeAnnualReport,
	percent,
	type AnnualDocuments,
	type AnnualFigures,
	type Share
} from '@rounds/shared/reports/annual';
import { SCHEMA_VERSION_HEADER, type PullResponse } from '@rounds/shared/sync/protocol';
import { collections, type CollectionName } from '@rounds/shared/sync/registry';
import {
	TABLET,
	expect,
	goOffline,
	loginAs,
	test,
	waitForOfflineReady,
	waitForSynced
} from '../fixtures.ts';

const TIME_ZONE = 'America/Toronto';
const HEADING = 'Privileged and confidential — for quality improvement purposes';

/** Every document of a collection the signed-in person's device receives, through the sync API. */
async function pullAll(request: APIRequestContext, name: CollectionName): Promise<unknown[]> {
	const out: unknown[] = [];
	let checkpoint = '';
	for (;;) {
		const res = await request.get(
			`/api/replication/${name}/pull?batchSize=500${checkpoint ? `&checkpoint=${checkpoint}` : ''}`,
			{ headers: { [SCHEMA_VERSION_HEADER]: `${name}@${collections[name].version}` } }
		);
		expect(res.status(), name).toBe(200);
		const body = (await res.json()) as PullResponse<{ _deleted?: boolean }>;
		out.push(...body.documents.filter((d) => !d._deleted));
		if (!body.documents.length || !body.checkpoint) return out;
		checkpoint = `${body.checkpoint.xid}:${body.checkpoint.seq}`;
	}
}

/** The director's data as their device holds it (no drafts of others reach it). */
async function directorDocuments(request: APIRequestContext): Promise<AnnualDocuments> {
	const [people, submissions, conferences, attendance, qi, iqReviews, settings] = await Promise.all(
		(
			[
				'people',
				'submissions',
				'conferences',
				'attendance',
				'qi_initiatives',
				'iq_reviews',
				'settings'
			] as const
		).map((n) => pullAll(request, n))
	);
	return {
		people,
		submissions: (submissions as { status: string }[]).filter((s) => s.status !== 'draft'),
		conferences,
		attendance,
		qi,
		iqReviews,
		settings
	} as unknown as AnnualDocuments;
}

/** A table row as pdftotext lays it out: cells separated by runs of spaces. */
const row = (...cells: (string | number)[]) =>
	new RegExp(
		cells.map((c) => String(c).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+') + '\\s*$',
		'm'
	);
const ORIGIN = {
	submission: 'Submissions',
	conference: 'Conference',
	'iq-review': 'Image quality',
	other: 'Other'
};
const STATUS = {
	proposed: 'Proposed',
	active: 'Active',
	completed: 'Completed',
	abandoned: 'Abandoned'
};
const pct = (s: Share) => `${percent(s.rate)}%`;

test('the director, offline, generates the annual report PDF with the demo figures', async ({
	browser
}, testInfo) => {
	// A zone away from UTC: the device and the expectation read calendar days in it.
	const context = await browser.newContext({
		viewport: TABLET,
		hasTouch: true,
		timezoneId: TIME_ZONE,
		acceptDownloads: true
	});
	const page = await context.newPage();
	try {
		await loginAs(page, 'director@demo.rounds.test');
		await waitForOfflineReady(page);
		await waitForSynced(page);

		// What the shared function computes from the same data, before the network goes away.
		const year = new Date().getFullYear();
		const expected: AnnualFigures = computeAnnualReport(
			annualInputFromDocuments(await directorDocuments(page.request), year, new Date(), TIME_ZONE)
		);
		expect(expected.totalSubmissions).toBeGreaterThan(50);
		expect(expected.policy).not.toBeNull();

		await goOffline(context, page);
		await page.goto('/reports');
		await expect(page.getByRole('heading', { name: 'Annual report' })).toBeVisible();
		await expect(page.getByText('Computed on this device')).toBeVisible();
		const summary = page.getByRole('table', { name: /Submissions and participation/ });
		await expect(
			summary.getByRole('row', { name: /Learning opportunities submitted/ })
		).toContainText(String(expected.totalSubmissions));

		const downloading = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Download annual report (PDF)' }).click();
		const download = await downloading;
		expect(download.suggestedFilename()).toBe(`peer-learning-annual-report-${year}.pdf`);
		const pdf = testInfo.outputPath('annual-report.pdf');
		await download.saveAs(pdf);

		// Render every page to PNG: the file is a real, readable PDF with content on each page.
		const pngDir = testInfo.outputPath('pages');
		execFileSync('mkdir', ['-p', pngDir]);
		execFileSync('pdftoppm', ['-png', '-r', '80', pdf, join(pngDir, 'page')]);
		const pngs = readdirSync(pngDir)
			.filter((f) => f.endsWith('.png'))
			.sort();
		const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
		const pages = text.split('\f').filter((p) => p.trim());
		expect(pngs.length).toBe(pages.length);
		expect(pngs.length).toBeGreaterThanOrEqual(1);
		for (const png of pngs) {
			// A blank letter page at 80 dpi compresses to a few hundred bytes.
			expect(statSync(join(pngDir, png)).size).toBeGreaterThan(5_000);
			await testInfo.attach(png, { path: join(pngDir, png), contentType: 'image/png' });
		}

		// The privilege label heads every page.
		for (const p of pages) expect(p).toContain(HEADING);
		expect(text).toContain(`Peer learning annual report ${year}`);

		// (1)–(3) as the shared function computes them.
		expect(text).toMatch(
			row('Learning opportunities submitted', expected.totalSubmissions, '—', '—')
		);
		const a = expected.attendance!;
		const s = expected.submissions!;
		expect(text).toMatch(
			row('Radiologists meeting the attendance requirement', a.met, a.of, pct(a))
		);
		expect(text).toMatch(
			row('Radiologists meeting the submission requirement', s.met, s.of, pct(s))
		);
		// (4) per division, and the total.
		for (const d of expected.divisions)
			expect(text).toMatch(
				row(
					d.kind === 'department' ? 'Department-wide' : d.name,
					d.offered,
					d.target ?? '—',
					d.casesPresented,
					d.met === null ? '—' : d.met ? 'Yes' : 'No'
				)
			);
		const t = expected.divisionTotals;
		expect(text).toMatch(
			row(
				'Total',
				t.offered,
				t.target ?? '—',
				t.casesPresented,
				t.offered >= (t.target ?? 0) ? 'Yes' : 'No'
			)
		);
		// (5) every QI initiative, cell by cell. Wrapped cells interleave in the layout view, so
		// this reads the text in drawing order, where each cell's lines follow one another.
		const drawn = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(
			/\s+/g,
			' '
		);
		expect(expected.qi.length).toBeGreaterThan(0);
		for (const q of expected.qi)
			expect(drawn).toContain(
				[
					q.title,
					ORIGIN[q.originKind],
					STATUS[q.status],
					q.startedOn ?? '—',
					q.completedOn ?? '—',
					q.outcome || '—'
				].join(' ')
			);
		// The image-quality program's totals.
		const iq = expected.iq.totals;
		expect(text).toMatch(
			row(
				'Total',
				iq.assigned,
				iq.completed,
				iq.completion === null ? '—' : `${percent(iq.completion)}%`,
				iq.attention,
				iq.escalationsClosed
			)
		);
		expect(text).toContain(`Image-quality rounds held: ${expected.iq.roundsHeld}.`);
		expect(text).toContain(`calendar days in ${TIME_ZONE}`);
	} finally {
		await context.close();
	}
});
