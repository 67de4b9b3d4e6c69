import {
	waitForOfflineReady,
	dumpIndexedDb,
	expect,
	goOffline,
	goOnline,
	loginAs,
	test,
	waitForSynced
} from '../fixtures.ts';

/**
 * Workflow B end to end: a radiologist submits on a tablet with no network; the section chief
 * triages and sends feedback; the original reader acknowledges and replies; the chief sees the
 * loop closed. The reader's device never holds the submitter's identity.
 */
test('submit offline → triage → feedback → acknowledged, submitter never on the reader’s device', async ({
	browser
}, testInfo) => {
	const tabletCtx = await browser.newContext({
		viewport: { width: 820, height: 1180 },
		hasTouch: true
	});
	const laptopCtx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
	const readerCtx = await browser.newContext({ viewport: { width: 1024, height: 768 } });
	const tablet = await tabletCtx.newPage();
	const chief = await laptopCtx.newPage();
	const reader = await readerCtx.newPage();

	await loginAs(tablet, 'rad1@demo.rounds.test');
	await waitForSynced(tablet);
	await waitForOfflineReady(tablet);
	await goOffline(tabletCtx, tablet);

	// The submission, counted as a user would do it: every click, choice and typed field.
	const accession = `LG${String(Date.now()).slice(-8)}`;
	let interactions = 0;
	const act = async (step: Promise<unknown>) => {
		await step;
		interactions++;
	};
	const started = Date.now();
	await act(tablet.getByRole('navigation').getByRole('link', { name: 'Submit a case' }).click());
	await act(tablet.getByLabel('Site').selectOption({ label: 'Lakeshore General' }));
	await act(tablet.getByLabel('Accession number').fill(accession));
	await act(tablet.getByRole('radio', { name: 'CT' }).check());
	await act(tablet.getByLabel('Section').selectOption({ label: 'Chest' }));
	await act(tablet.getByRole('radio', { name: 'Discrepancy' }).check());
	await act(tablet.getByRole('radio', { name: 'Perception' }).check());
	await act(
		tablet
			.getByLabel('Description')
			.fill('Small nodule in the right upper lobe not reported; visible on the prior.')
	);
	await act(tablet.getByLabel('Original reader (optional)').fill('rad2'));
	await act(tablet.getByRole('option', { name: /rad2@demo\.rounds\.test/ }).click());
	await act(tablet.getByRole('button', { name: 'Submit', exact: true }).click());
	await expect(tablet.getByText('Saved on this device — will sync when online')).toBeVisible();
	const seconds = (Date.now() - started) / 1000;
	testInfo.annotations.push({
		type: 'submission',
		description: `${interactions} interactions, ${seconds.toFixed(1)} s`
	});
	console.log(
		`[measure] submission: ${interactions} interactions, ${seconds.toFixed(1)} s (automated, tablet viewport)`
	);

	await goOnline(tabletCtx);
	await waitForSynced(tablet);

	// The chief triages and sends feedback.
	await loginAs(chief, 'chief.chest@demo.rounds.test');
	await chief.getByRole('navigation').getByRole('link', { name: 'Triage' }).click();
	await chief.getByRole('link', { name: `Open case ${accession}` }).click();
	await expect(chief.getByText('Not shown to the reader')).toBeVisible();
	await chief.getByLabel('Finding type').fill('Missed pulmonary nodule');
	await chief.getByRole('button', { name: 'Save triage' }).click();
	await chief.getByRole('button', { name: 'Send feedback' }).click();
	await expect(chief.getByLabel('Message')).not.toBeEmpty();
	await chief.getByRole('button', { name: 'Send feedback' }).last().click();
	await expect(chief.getByText('Feedback sent. The reader will be notified.')).toBeVisible();
	await waitForSynced(chief);

	// The reader acknowledges and replies.
	await loginAs(reader, 'rad2@demo.rounds.test');
	await reader.getByRole('navigation').getByRole('link', { name: 'My feedback' }).click();
	await reader.getByRole('link', { name: `Open feedback on ${accession}` }).click();
	await expect(reader.getByText('Small nodule in the right upper lobe')).toBeVisible();
	await reader.getByRole('button', { name: 'Acknowledge' }).click();
	await reader
		.getByLabel('Reply (optional)')
		.fill('Thank you — I will compare with priors more carefully.');
	await reader.getByRole('button', { name: 'Send reply' }).click();
	await waitForSynced(reader);

	// The chief sees the loop closed, live.
	await expect(chief.getByText('Reader replied').first()).toBeVisible({ timeout: 15_000 });

	// Sequestering, checked in storage rather than on screen. The shared directory of people
	// is on every device; what must never be there is the link between this case and its submitter.
	const stored = JSON.parse(await dumpIndexedDb(reader)) as Record<
		string,
		Record<string, unknown>[]
	>;
	const aboutThisCase = Object.entries(stored)
		.filter(([k]) => /--0--(submissions|feedback|notifications)\/docs$/.test(k))
		.flatMap(([, rows]) => rows)
		.filter((row) => JSON.stringify(row).includes(accession));
	expect(aboutThisCase.length).toBeGreaterThanOrEqual(2); // the feedback and its notification
	const caseData = JSON.stringify(aboutThisCase);
	expect(caseData).not.toContain('submitterId');
	expect(caseData).not.toContain('u-rad1');
	const submitterName = await tablet.evaluate(
		() =>
			(JSON.parse(localStorage.getItem('rounds.session')!) as { user: { name: string } }).user.name
	);
	expect(caseData).not.toContain(submitterName);
	// The submission itself never reached the reader's device.
	const theirSubmissions = Object.entries(stored)
		.filter(([k]) => k.endsWith('--0--submissions/docs'))
		.flatMap(([, rows]) => rows);
	expect(theirSubmissions.every((s) => s.submitterId === 'u-rad2')).toBe(true);

	await tabletCtx.close();
	await laptopCtx.close();
	await readerCtx.close();
});
