/**
 * Start-up timing of presentation mode, as User Timing marks a browser test or the devtools
 * read: `rounds:present:open` when the route starts, `rounds:present:first-slide` when the first
 * slide is on screen, and the measure `rounds:present:startup` between them. On a cold load the
 * first-slide mark's `startTime` is the time since navigation began.
 */
export const OPEN_MARK = 'rounds:present:open';
export const FIRST_SLIDE_MARK = 'rounds:present:first-slide';
export const STARTUP_MEASURE = 'rounds:present:startup';

/** Called when the presentation route starts; forgets a previous presentation's marks. */
export function markOpen(): void {
	if (typeof performance === 'undefined') return;
	performance.clearMarks(OPEN_MARK);
	performance.clearMarks(FIRST_SLIDE_MARK);
	performance.clearMeasures(STARTUP_MEASURE);
	performance.mark(OPEN_MARK);
}

/** Called once the first slide is in the DOM; marks it at the next frame, once. */
export function markFirstSlide(): void {
	if (typeof performance === 'undefined') return;
	if (performance.getEntriesByName(FIRST_SLIDE_MARK, 'mark').length) return;
	requestAnimationFrame(() => {
		if (performance.getEntriesByName(FIRST_SLIDE_MARK, 'mark').length) return;
		performance.mark(FIRST_SLIDE_MARK);
		if (performance.getEntriesByName(OPEN_MARK, 'mark').length)
			performance.measure(STARTUP_MEASURE, OPEN_MARK, FIRST_SLIDE_MARK);
	});
}
