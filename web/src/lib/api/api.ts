import { QueryClient } from '@tanstack/svelte-query';
import type { ApiError } from '@rounds/shared/sync/protocol';

/** Server-only data (admin lists, report aggregates) goes through this client, never RxDB. */
export const queryClient = new QueryClient({
	defaultOptions: { queries: { retry: 1, staleTime: 30_000, refetchOnWindowFocus: false } }
});

/** An API answer other than 2xx, with the server's message for the user. */
export class ApiRequestError extends Error {
	constructor(
		readonly status: number,
		readonly body: ApiError
	) {
		super(body.message);
	}
}

/** JSON request to the Rounds API; throws `ApiRequestError` with the server's message. */
export async function api<T>(
	path: string,
	init: RequestInit & { json?: unknown } = {}
): Promise<T> {
	const { json, ...rest } = init;
	let res: Response;
	try {
		res = await fetch(path, {
			credentials: 'same-origin',
			...rest,
			headers: {
				...(json === undefined ? {} : { 'content-type': 'application/json' }),
				...rest.headers
			},
			body: json === undefined ? rest.body : JSON.stringify(json)
		});
	} catch {
		throw new ApiRequestError(0, {
			error: 'offline',
			message: 'No connection to the server. Try again when you are online.'
		});
	}
	const text = await res.text();
	const body = text ? (JSON.parse(text) as unknown) : null;
	if (!res.ok)
		throw new ApiRequestError(
			res.status,
			(body as ApiError | null) ?? { error: 'http', message: `Request failed (${res.status})` }
		);
	return body as T;
}
