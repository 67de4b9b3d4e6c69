import { databaseNames, dumpIndexedDb, expect, loginAs, test, waitForSynced } from '../fixtures.ts';

test('signing out wipes the user’s local data', async ({ page }) => {
	await loginAs(page, 'rad1@demo.rounds.test');
	await waitForSynced(page);
	await expect.poll(async () => (await dumpIndexedDb(page)).includes('demo-fb-')).toBe(true);

	// Settings sits under "More" once a role has many screens.
	const nav = page.getByRole('navigation');
	if (!(await nav.getByRole('link', { name: 'Settings' }).isVisible()))
		await nav.getByRole('button', { name: /More/ }).click();
	await nav.getByRole('link', { name: 'Settings' }).click();
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: /Sign out/ }).click();
	await expect(page.getByRole('heading', { name: 'Sign in to Rounds' })).toBeVisible();

	expect((await databaseNames(page)).filter((n) => n.includes('rounds_u_rad1'))).toEqual([]);
	const left = await dumpIndexedDb(page);
	expect(left).not.toContain('demo-fb-');
	expect(left).not.toContain('u-rad1');
	expect(
		await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('u-rad1')))
	).toEqual([]);
	// The server session is gone too: the API refuses the old cookie.
	expect((await page.request.get('/api/session')).status()).toBe(401);
});
