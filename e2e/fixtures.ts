import { expect, test as base, type BrowserContext, type Page } from '@playwright/test';

export const PASSWORD = 'rounds-demo-2026';
export const LAPTOP = { width: 1366, height: 768 };
export const TABLET = { width: 820, height: 1180 };

/** Signs in through the real login form and waits for the app shell. */
export async function loginAs(page: Page, email: string): Promise<void> {
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByTestId('sync-indicator')).toBeVisible();
}

/** Waits until the sync indicator says the server has every local change. */
export async function waitForSynced(page: Page): Promise<void> {
	// Every collection pulled once since start, and nothing left to push.
	await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-caught-up', 'true', {
		timeout: 30_000
	});
	await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0', {
		timeout: 30_000
	});
	await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-online', 'true');
}

/** Waits until the service worker controls the page, i.e. the app shell works offline. */
export async function waitForOfflineReady(page: Page): Promise<void> {
	await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-offline-ready', 'true', {
		timeout: 30_000
	});
}

export async function goOffline(context: BrowserContext, page?: Page): Promise<void> {
	await context.setOffline(true);
	if (page)
		await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-online', 'false');
}

export async function goOnline(context: BrowserContext): Promise<void> {
	await context.setOffline(false);
}

/** Every record of every IndexedDB database of the page's origin, as one JSON string. */
export async function dumpIndexedDb(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const out: Record<string, unknown[]> = {};
		for (const info of await indexedDB.databases()) {
			if (!info.name) continue;
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const r = indexedDB.open(info.name!);
				r.onsuccess = () => resolve(r.result);
				r.onerror = () => reject(r.error);
			});
			for (const store of Array.from(db.objectStoreNames)) {
				const rows = await new Promise<unknown[]>((resolve, reject) => {
					const r = db.transaction(store, 'readonly').objectStore(store).getAll();
					r.onsuccess = () => resolve(r.result);
					r.onerror = () => reject(r.error);
				});
				out[`${info.name}/${store}`] = rows;
			}
			db.close();
		}
		return JSON.stringify(out);
	});
}

/** Names of the IndexedDB databases of the page's origin. */
export async function databaseNames(page: Page): Promise<string[]> {
	return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
}

/** One person's device: its own browser profile (cookies, IndexedDB, service worker). */
export interface Device {
	context: BrowserContext;
	page: Page;
}

export const test = base.extend<{ twoDevices: { tablet: Device; laptop: Device } }>({
	// Two separate profiles, as two people (or one person on two machines) would have; closed
	// after the test even when it fails.
	twoDevices: async ({ browser }, use) => {
		const open = async (options: Parameters<typeof browser.newContext>[0]): Promise<Device> => {
			const context = await browser.newContext(options);
			return { context, page: await context.newPage() };
		};
		const tablet = await open({ viewport: TABLET, hasTouch: true });
		const laptop = await open({ viewport: LAPTOP });
		await use({ tablet, laptop });
		await tablet.context.close();
		await laptop.context.close();
	}
});
export { expect };
