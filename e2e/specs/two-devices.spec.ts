import {
	waitForOfflineReady,
	expect,
	goOffline,
	goOnline,
	loginAs,
	test,
	waitForSynced
} from '../fixtures.ts';

test('a record made offline on one device reaches another device live', async ({ twoDevices }) => {
	const { context: a, page: tablet } = twoDevices.tablet;
	const { page: laptop } = twoDevices.laptop;
	await loginAs(tablet, 'rad1@demo.rounds.test');
	await loginAs(laptop, 'chief.chest@demo.rounds.test');
	await laptop.getByRole('navigation').getByRole('link', { name: 'Triage' }).click();
	await waitForSynced(tablet);
	await waitForOfflineReady(tablet);

	await goOffline(a, tablet);
	const accession = `LG${String(Date.now()).slice(-8)}`;
	await tablet.getByRole('navigation').getByRole('link', { name: 'Submit a case' }).click();
	await tablet.getByLabel('Site').selectOption({ label: 'Lakeshore General' });
	await tablet.getByLabel('Accession number').fill(accession);
	await tablet.getByRole('radio', { name: 'CT' }).check();
	await tablet.getByLabel('Section').selectOption({ label: 'Chest' });
	await tablet.getByRole('radio', { name: 'Interesting case' }).check();
	await tablet
		.getByLabel('Description')
		.fill('Classic appearance of a rare variant, worth showing.');
	await tablet.getByRole('button', { name: 'Submit', exact: true }).click();
	await expect(tablet.getByText('Saved on this device — will sync when online')).toBeVisible();
	await expect(tablet.getByTestId('sync-indicator')).not.toHaveAttribute('data-pending', '0');
	await expect(laptop.getByText(accession)).toHaveCount(0);

	await goOnline(a);
	await waitForSynced(tablet);
	// No reload on the laptop: the server's stream tells it to pull.
	await expect(laptop.getByText(accession)).toBeVisible({ timeout: 10_000 });
});
