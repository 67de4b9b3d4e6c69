import { waitForOfflineReady, expect, goOffline, loginAs, test } from '../fixtures.ts';

test('after one online visit the app reloads and navigates offline', async ({ page, context }) => {
	await loginAs(page, 'chief.chest@demo.rounds.test');
	// Wait for the service worker to take control and the first sync to land.
	await waitForOfflineReady(page);
	await expect(page.getByText(/case waiting for triage|cases waiting for triage/)).toBeVisible();
	await goOffline(context, page);

	await page.reload();
	await expect(page.getByTestId('sync-indicator')).toContainText('Offline');
	await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();

	await page.getByRole('navigation').getByRole('link', { name: 'Triage' }).click();
	await expect(page.getByRole('heading', { name: 'Triage' })).toBeVisible();
	await expect(page.getByText(/(LG|RM|NG|EV)\d{8}/).first()).toBeVisible();

	// A deep link typed while offline still opens (navigation falls back to the cached shell).
	await page.goto('/inbox');
	await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
});
