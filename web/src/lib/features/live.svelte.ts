/** The part of an RxJS observable we use, so features need not depend on rxjs themselves. */
export interface Subscribable<T> {
	subscribe(next: (value: T) => void): { unsubscribe(): void };
}

/** RxDB documents as plain JSON, e.g. `mapped(db.people.find().$, docsJson)`. */
export const docsJson = <T>(docs: readonly { toMutableJSON(): T }[]): T[] =>
	docs.map((d) => d.toMutableJSON());

/** Maps every value of a subscribable (RxDB documents → plain JSON). */
export function mapped<A, B>(source: Subscribable<A>, fn: (a: A) => B): Subscribable<B> {
	return { subscribe: (next) => source.subscribe((a) => next(fn(a))) };
}

/**
 * Follows an RxDB query from a component. Created during component initialisation; it
 * re-subscribes when anything `source` reads (the open database, a route param) changes.
 */
export class Live<T> {
	current: T = $state.raw() as T;
	/** False until the first result arrived. */
	ready = $state(false);

	constructor(source: () => Subscribable<T> | null | undefined, initial: T) {
		this.current = initial;
		$effect(() => {
			const s = source();
			if (!s) return;
			const sub = s.subscribe((v) => {
				this.current = v;
				this.ready = true;
			});
			return () => sub.unsubscribe();
		});
	}
}
