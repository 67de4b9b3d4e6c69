import type { Page } from '@playwright/test';
import {
	expect,
	goOffline,
	goOnline,
	LAPTOP,
	loginAs,
	TABLET,
	test,
	waitForOfflineReady,
	waitForSynced
} from '../fixtures.ts';

const US_CRITERIA = [
	'Protocol image set complete',
	'Images annotated (side, organ, plane)',
	'Probe and preset appropriate',
	'Measurements present and correctly placed',
	'Doppler settings appropriate',
	'Patient limitations documented'
];

/**
 * Answers the open review on screen as a sonographer would: every criterion, the ranking, and
 * when asked the attention flag with its reason. Returns the interactions it took.
 */
async function answerReview(page: Page, opts: { unmet?: string; attention?: string }) {
	let interactions = 0;
	const act = async (step: Promise<unknown>) => {
		await step;
		interactions++;
	};
	for (const label of US_CRITERIA)
		await act(
			page
				.getByRole('radiogroup', { name: label })
				.getByRole('radio', { name: label === opts.unmet ? 'No' : 'Yes', exact: true })
				.check()
		);
	await act(
		page.getByRole('radio', { name: opts.unmet ? 'Acceptable' : 'Good', exact: true }).check()
	);
	if (opts.attention) {
		await act(page.getByLabel('Attention required').check());
		await act(page.getByLabel('Why does this exam need attention?').fill(opts.attention));
	}
	await act(page.getByRole('button', { name: 'Submit review' }).click());
	await expect(page.getByRole('heading', { name: 'Review submitted' })).toBeVisible();
	return interactions;
}

/**
 * Workflow A end to end: a sonographer at a satellite site, on a tablet with no network,
 * completes three reviews, one needing attention; when the tablet reconnects the ultrasound
 * lead is alerted and works the escalation through to closure.
 */
test('three reviews offline on a tablet → the US lead is alerted and closes the escalation', async ({
	browser
}, testInfo) => {
	const tabletCtx = await browser.newContext({ viewport: TABLET, hasTouch: true });
	const laptopCtx = await browser.newContext({ viewport: LAPTOP });
	const tablet = await tabletCtx.newPage();
	const lead = await laptopCtx.newPage();

	await loginAs(tablet, 'sono1@demo.rounds.test');
	await waitForSynced(tablet);
	await waitForOfflineReady(tablet);
	await goOffline(tabletCtx, tablet);

	await tablet.getByRole('navigation').getByRole('link', { name: 'My reviews' }).click();
	const open = tablet.locator('section[aria-labelledby="reviews-open"] li');
	await expect(open.first()).toBeVisible();
	const before = await open.count();
	expect(before).toBeGreaterThanOrEqual(3);

	// Review 1 and 2: routine. Review 3: attention required.
	const times: string[] = [];
	let flaggedAccession = '';
	for (const [i, opts] of [
		{},
		{ unmet: 'Probe and preset appropriate' },
		{
			unmet: 'Protocol image set complete',
			attention: 'Liver views missing from the protocol set; the request asked for them.'
		}
	].entries()) {
		const started = Date.now();
		if (i === 0) await open.first().getByRole('link').click();
		else await tablet.getByRole('link', { name: 'Next review' }).click();
		if (opts.attention)
			flaggedAccession = (await tablet.locator('dd.mono').textContent())?.trim() ?? '';
		const n = 1 + (await answerReview(tablet, opts));
		times.push(`${n} interactions, ${((Date.now() - started) / 1000).toFixed(1)} s`);
		await expect(
			tablet.getByText('It is saved on this device and will be sent when there is a network.')
		).toBeVisible();
	}
	expect(flaggedAccession).toMatch(/^[A-Z]{2}\d{8}$/);
	testInfo.annotations.push({ type: 'iq-review', description: times.join('; ') });
	console.log(`[measure] IQ reviews (6 criteria, automated, tablet viewport): ${times.join('; ')}`);

	// Still offline: the list shows them done and waiting to sync.
	await tablet.getByRole('link', { name: 'Back to my reviews' }).first().click();
	await expect(open).toHaveCount(before - 3);
	await expect(
		tablet
			.locator('section[aria-labelledby="reviews-done"] li')
			.filter({ hasText: 'Waiting to sync' })
	).toHaveCount(3);

	// The lead is not alerted while the tablet is offline.
	await loginAs(lead, 'lead.us@demo.rounds.test');
	await waitForSynced(lead);
	await lead.getByRole('navigation').getByRole('link', { name: 'Image quality' }).click();
	const attention = lead.locator('section[aria-labelledby="iq-attention"]');
	await expect(attention.getByText(flaggedAccession)).toHaveCount(0);

	// Reconnect: the reviews reach the server and the lead sees the alert live.
	await goOnline(tabletCtx);
	await waitForSynced(tablet);
	await expect(attention.getByText(flaggedAccession)).toBeVisible({ timeout: 20_000 });
	await lead.getByRole('navigation').getByRole('link', { name: 'Inbox' }).click();
	await expect(lead.getByText('Image-quality review needs your attention').first()).toBeVisible();
	await lead.getByRole('navigation').getByRole('link', { name: 'Image quality' }).click();
	await attention.getByRole('link').filter({ hasText: flaggedAccession }).click();
	await expect(lead.getByText('Liver views missing from the protocol set')).toBeVisible();

	// Closing too early names what is missing.
	await lead.getByRole('radio', { name: 'Agree', exact: true }).check();
	await lead.getByRole('button', { name: 'Close the follow-up' }).click();
	await expect(lead.getByText('To close, complete:')).toBeVisible();

	await lead
		.getByLabel('Confirmation with the reporting radiologist')
		.fill('Spoke with the reporting radiologist: liver views are needed.');
	await lead.getByRole('radio', { name: 'Required', exact: true }).check();
	await lead.getByLabel('Repeat imaging: coordination').fill('Patient recalled for Friday 09:00.');
	await lead.getByRole('button', { name: 'Save progress' }).click();
	await expect(lead.getByText('Saved on this device.')).toBeVisible();
	await lead.getByLabel('Incident review reference (if one was initiated)').fill('IR-2026-118');
	await lead.getByLabel('Result').fill('Repeat done; liver normal.');
	await lead
		.getByLabel('Learning feedback for the technologist who performed the exam')
		.fill('Include the liver views in every abdominal protocol set, even for a targeted request.');
	lead.once('dialog', (d) => void d.accept());
	await lead.getByRole('button', { name: 'Close the follow-up' }).click();
	await expect(lead.getByText(/^Closed .*\.$/)).toBeVisible();
	await lead.getByLabel('Candidate for quality rounds').check();
	await waitForSynced(lead);

	// Every step is on record, attributed to the lead.
	const steps = lead.locator('ol.steps li');
	await expect(steps.filter({ hasText: 'Assessed by Quinn Pelletier' })).toHaveCount(1);
	await expect(steps.filter({ hasText: 'Closed by' })).toHaveCount(1);
	await expect(steps.filter({ hasText: 'Incident review by' })).toContainText('IR-2026-118');

	// The lead's overview: no longer waiting, now a rounds candidate.
	await lead.getByRole('link', { name: 'Back to image quality' }).click();
	await expect(attention.getByText(flaggedAccession)).toHaveCount(0);
	await expect(
		lead.locator('section[aria-labelledby="iq-candidates"]').getByText(flaggedAccession)
	).toBeVisible();

	await tabletCtx.close();
	await laptopCtx.close();
});
