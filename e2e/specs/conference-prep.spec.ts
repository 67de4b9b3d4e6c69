import type { Page } from '@playwright/test';
import {
	expect,
	goOffline,
	goOnline,
	LAPTOP,
	loginAs,
	test,
	waitForOfflineReady,
	waitForSynced
} from '../fixtures.ts';

const CASES = [
	{
		title: 'Liver views in the abdominal protocol',
		history: 'Adult with right upper quadrant pain, ultrasound requested for the gallbladder.',
		findings: 'Gallbladder well seen; liver views missing from the protocol set.',
		teaching: 'The abdominal protocol set includes liver views even for a targeted request.'
	},
	{
		title: 'Doppler settings in a renal study',
		history: 'Adult with hypertension, renal ultrasound with Doppler.',
		findings: 'Aliasing on the renal artery Doppler with a low velocity scale.',
		teaching: 'Raise the velocity scale before measuring peak systolic velocity.'
	},
	{
		title: 'Annotation of thyroid nodules',
		history: 'Adult with a palpable neck lump.',
		// The planted identifier: an accession number of a demo site.
		findings: 'Nodule in the right lobe, see LG26100594 for the prior measurements.',
		teaching: 'Annotate side, lobe and plane on every nodule image.'
	}
];

async function writeCase(page: Page, c: (typeof CASES)[number]) {
	await page.getByRole('button', { name: 'Prepare a case from scratch' }).click();
	// The editor has loaded the new, empty case before anything is typed.
	await expect(page.getByLabel('Title', { exact: true })).toHaveValue('New case');
	await page.getByLabel('Title', { exact: true }).fill(c.title);
	await page.getByLabel('Clinical history').fill(c.history);
	await page.getByLabel('Findings').fill(c.findings);
	await page.getByLabel('Teaching points').fill(c.teaching);
}

/**
 * Workflow C, preparation and presentation: the ultrasound lead, on a laptop with no network,
 * prepares three cases for the rounds under way; the anonymization gate stops presenting on a
 * planted accession number until it is fixed; the lead then presents offline, keyboard only,
 * and brings up the check-in code. (QR check-in by five attendees is checkin.spec.ts.)
 */
test('@laptop a lead prepares three cases offline, is stopped by the gate, fixes it and presents', async ({
	browser
}, testInfo) => {
	const context = await browser.newContext({ viewport: LAPTOP });
	const page = await context.newPage();
	await loginAs(page, 'lead.us@demo.rounds.test');
	await waitForSynced(page);
	await waitForOfflineReady(page);
	await goOffline(context, page);

	await page.getByRole('navigation').getByRole('link', { name: 'Conferences' }).click();
	await page
		.getByRole('link', { name: /US image-quality rounds/ })
		.first()
		.click();
	await expect(page.getByRole('heading', { name: 'US image-quality rounds' })).toBeVisible();
	const conferenceUrl = page.url();

	for (const c of CASES) {
		await writeCase(page, c);
		if (c !== CASES[2]) {
			await page.getByRole('button', { name: 'Mark ready to present' }).click();
			await expect(page.getByText(/Ready to present \(checked/)).toBeVisible();
		}
		await page.getByRole('link', { name: 'Back to the conference' }).first().click();
		await expect(page.getByText(c.title).first()).toBeVisible();
	}

	// Three new cases on the agenda (after the one already prepared), only the third unchecked.
	await expect(page.locator('ol.agenda > li')).toHaveCount(4);
	// The gate names the unchecked case and the Present button is disabled.
	await expect(page.getByText('Presenting is blocked until every case passes')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Present' })).toBeDisabled();

	// In the editor the accession number is found and blocks "ready".
	await page.getByRole('link', { name: CASES[2]!.title }).first().click();
	await expect(page.getByText('LG26100594').first()).toBeVisible();
	await page.getByRole('button', { name: 'Mark ready to present' }).click();
	await expect(
		page.getByText('Not marked ready: something still blocks presenting.')
	).toBeVisible();

	// Fixed: the identifier is removed from the text, and the case passes.
	await page
		.getByLabel('Findings')
		.fill('Nodule in the right lobe; compare with the prior measurements in PACS.');
	await expect(page.getByText('Nothing blocks presenting.')).toBeVisible();
	await page.getByRole('button', { name: 'Mark ready to present' }).click();
	await expect(page.getByText(/Ready to present \(checked/)).toBeVisible();

	// Present, offline, with the keyboard.
	await page.goto(conferenceUrl);
	const started = Date.now();
	await page.getByRole('link', { name: 'Present' }).click();
	await expect(page.getByText('US image-quality rounds').first()).toBeVisible();
	const startup = Date.now() - started;
	const counter = page.getByTestId('slide-counter');
	await expect(counter).toHaveText(/^1 \//);
	await page.getByRole('button', { name: 'Next slide' }).click();
	await expect(counter).toHaveText(/^2 \//);
	await page.keyboard.press('ArrowRight');
	await expect(counter).toHaveText(/^3 \//);
	await page.keyboard.press('End');
	await expect(page.getByText('Key teaching points').first()).toBeVisible();
	await expect(page.getByText(CASES[2]!.teaching).first()).toBeVisible();
	// The check-in code, drawn on this device from the conference key, offline.
	await page.keyboard.press('q');
	await expect(page.locator('canvas').first()).toBeVisible();
	await page.keyboard.press('q');
	await expect(page.getByText('Key teaching points').first()).toBeVisible();
	testInfo.annotations.push({ type: 'present-startup', description: `${startup} ms (offline)` });
	console.log(`[measure] presentation start-up offline: ${startup} ms (click to title slide)`);

	// Back online, the cases reach the server.
	await goOnline(context);
	await page.goto(conferenceUrl);
	await waitForSynced(page);
	await context.close();
});
