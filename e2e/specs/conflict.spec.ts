import { expect, goOffline, goOnline, loginAs, test, waitForSynced } from '../fixtures.ts';

/**
 * Two triagers edit the same case offline. Documented rule (shared/src/sync/conflict.ts):
 * different fields merge; for the same field the first change to reach the server wins and
 * the other device is shown the value it lost. Nothing disappears silently.
 */
test('concurrent offline edits merge deterministically and the losing value is shown', async ({
	browser
}) => {
	const run = Date.now().toString(36);
	const a = await browser.newContext({ viewport: { width: 1366, height: 768 } });
	const b = await browser.newContext({ viewport: { width: 1366, height: 768 } });
	const chief = await a.newPage();
	const director = await b.newPage();
	await loginAs(chief, 'chief.chest@demo.rounds.test');
	await loginAs(director, 'director@demo.rounds.test');

	await chief.getByRole('navigation').getByRole('link', { name: 'Triage' }).click();
	await chief
		.getByRole('link', { name: /Open case/ })
		.first()
		.click();
	await expect(chief.getByRole('heading', { name: /Case / })).toBeVisible();
	const url = new URL(chief.url()).pathname;
	await director.goto(url);
	await expect(director.getByRole('heading', { name: /Case / })).toBeVisible();
	await waitForSynced(chief);
	await waitForSynced(director);

	await goOffline(a, chief);
	await goOffline(b, director);
	await chief.getByLabel('Finding type').fill(`Missed nodule ${run}`);
	await chief
		.getByLabel('Notes (chiefs and director only)')
		.fill(`Chief: discuss at chest rounds ${run}`);
	await chief.getByRole('button', { name: 'Save triage' }).click();
	await director
		.getByLabel('Notes (chiefs and director only)')
		.fill(`Director: check the protocol ${run}`);
	await director.getByRole('button', { name: 'Save triage' }).click();

	await goOnline(a);
	await waitForSynced(chief);
	await goOnline(b);
	await waitForSynced(director);

	// Same field: the chief reached the server first and wins everywhere; the other field merged.
	await expect(director.getByLabel('Notes (chiefs and director only)')).toHaveValue(
		`Chief: discuss at chest rounds ${run}`
	);
	await expect(director.getByLabel('Finding type')).toHaveValue(`Missed nodule ${run}`);
	await expect(chief.getByLabel('Notes (chiefs and director only)')).toHaveValue(
		`Chief: discuss at chest rounds ${run}`
	);
	// …and the director is told what was replaced.
	await expect(director.getByText(/of your changes (was|were) replaced/)).toBeVisible();
	await director.getByRole('button', { name: 'Review' }).click();
	await expect(director.getByText(new RegExp(`Director: check the protocol ${run}`))).toBeVisible();
	await a.close();
	await b.close();
});
