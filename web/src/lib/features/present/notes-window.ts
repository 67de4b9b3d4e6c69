/**
 * Speaker notes in a second window, for the presenter's own screen while the deck is on the
 * projector. The window is a blank page of the same origin that the deck writes into directly:
 * it needs no network, no second copy of the app and no second database.
 */
export interface NotesContent {
	/** Window title. */
	title: string;
	/** "3 / 12 — Case 1: … — Findings". */
	heading: string;
	notes: string;
	/** "Next: …" or "This is the last slide." */
	next: string;
	prevLabel: string;
	nextLabel: string;
}

const CSS = `
body { font: 20px/1.5 system-ui, sans-serif; margin: 0; padding: 1rem 1.25rem; background: #fff; color: #111; }
h1 { font-size: 1.1rem; margin: 0 0 0.75rem; color: #0b5cab; }
.notes { white-space: pre-wrap; font-size: 1.5rem; margin: 0 0 1rem; }
.next { color: #56616e; margin: 0 0 1rem; }
.row { display: flex; gap: 0.75rem; }
button { min-height: 48px; min-width: 8rem; font: inherit; border-radius: 0.5rem; border: 1px solid #0b5cab; background: #0b5cab; color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: #0b5cab; }
`;

export class NotesWindow {
	private win: Window | null = null;
	private parts: { h1: HTMLElement; notes: HTMLElement; next: HTMLElement } | null = null;
	private prev: HTMLButtonElement | null = null;
	private nextButton: HTMLButtonElement | null = null;
	private watch: ReturnType<typeof setInterval> | undefined;

	/**
	 * Opens (or reuses) the notes window. Keys pressed there drive the deck as well. False when
	 * the browser blocked the pop-up.
	 */
	open(
		lang: string,
		handlers: { key: (e: KeyboardEvent) => void; prev: () => void; next: () => void },
		closed: () => void
	): boolean {
		if (this.win && !this.win.closed) {
			this.win.focus();
			return true;
		}
		const w = window.open('', 'rounds-speaker-notes', 'popup,width=720,height=540');
		if (!w) return false;
		const d = w.document;
		d.documentElement.lang = lang;
		const style = d.createElement('style');
		style.textContent = CSS;
		d.head.replaceChildren(style);
		const h1 = d.createElement('h1');
		const notes = d.createElement('p');
		notes.className = 'notes';
		notes.setAttribute('aria-live', 'polite');
		const next = d.createElement('p');
		next.className = 'next';
		const row = d.createElement('div');
		row.className = 'row';
		this.prev = d.createElement('button');
		this.prev.className = 'secondary';
		this.prev.addEventListener('click', handlers.prev);
		this.nextButton = d.createElement('button');
		this.nextButton.addEventListener('click', handlers.next);
		row.append(this.prev, this.nextButton);
		d.body.replaceChildren(h1, notes, next, row);
		w.addEventListener('keydown', handlers.key);
		this.win = w;
		this.parts = { h1, notes, next };
		// A closed pop-up fires no reliable event in every browser: look once a second.
		this.watch = setInterval(() => {
			if (w.closed) {
				this.forget();
				closed();
			}
		}, 1000);
		return true;
	}

	get isOpen(): boolean {
		return !!this.win && !this.win.closed;
	}

	/** Shows the current slide's notes; text only, never markup. */
	update(c: NotesContent): void {
		if (!this.win || this.win.closed || !this.parts) return;
		this.win.document.title = c.title;
		this.parts.h1.textContent = c.heading;
		this.parts.notes.textContent = c.notes;
		this.parts.next.textContent = c.next;
		if (this.prev) this.prev.textContent = c.prevLabel;
		if (this.nextButton) this.nextButton.textContent = c.nextLabel;
	}

	close(): void {
		const w = this.win;
		this.forget();
		if (w && !w.closed) w.close();
	}

	private forget() {
		clearInterval(this.watch);
		this.win = null;
		this.parts = null;
		this.prev = null;
		this.nextButton = null;
	}
}
