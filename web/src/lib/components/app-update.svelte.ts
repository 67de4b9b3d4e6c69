import type { Workbox } from 'workbox-window';

const HOUR = 3_600_000;

/**
 * The service-worker update flow (workbox-window). A new version installs in the background and
 * waits; the page switches to it only when the user agrees, so nobody loses what they are typing
 * to a surprise reload.
 */
class AppUpdate {
	/** A new version is installed and waits for the user's go-ahead. */
	waiting = $state(false);
	/** A service worker with the precached shell controls this page: it reopens offline. */
	offlineReady = $state(false);
	#wb: Workbox | null = null;
	#applyWhenInstalled = false;
	#checking: Promise<void> | null = null;

	/** Registers the service worker once; SvelteKit's own registration is off (vite.config.ts). */
	async register(): Promise<void> {
		if (this.#wb || !('serviceWorker' in navigator)) return;
		const { Workbox } = await import('workbox-window');
		// SvelteKit builds the production service worker as a classic script (no `import`).
		const wb = new Workbox('/service-worker.js');
		this.#wb = wb;
		wb.addEventListener('waiting', () => {
			this.waiting = true;
			if (this.#applyWhenInstalled) this.apply();
		});
		// Control comes only after install finished precaching, so it means "works offline now".
		const sw = navigator.serviceWorker;
		const controlled = () => (this.offlineReady = sw.controller !== null);
		sw.addEventListener('controllerchange', controlled);
		controlled();
		await wb.register();
		// A single-page app never navigates, so the browser seldom looks for a new version itself.
		setInterval(() => this.check(), HOUR);
		addEventListener('online', () => this.check());
	}

	/** Looks for a new version now (best effort, silent offline). */
	check(): void {
		if (!this.#wb || !navigator.onLine || this.#checking) return;
		this.#checking = this.#wb
			.update()
			.catch(() => undefined)
			.finally(() => (this.#checking = null));
	}

	/** The user agreed: activate the waiting version, then reload into it. */
	apply(): void {
		const wb = this.#wb;
		if (!wb || !this.waiting) return location.reload();
		wb.addEventListener('controlling', () => location.reload());
		wb.messageSkipWaiting();
	}

	/**
	 * The server refused this version (426) and the user asked to update: use the waiting version,
	 * or fetch the new one and switch as soon as it is installed.
	 */
	async updateNow(): Promise<void> {
		if (this.waiting || !this.#wb) return this.apply();
		this.#applyWhenInstalled = true;
		this.check();
		await this.#checking;
		const reg = await navigator.serviceWorker.getRegistration();
		// Nothing new to install: a plain reload is all that is left to try.
		if (!reg?.installing && !reg?.waiting) location.reload();
	}
}

export const appUpdate = new AppUpdate();
