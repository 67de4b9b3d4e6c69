import type { ApiError, WireDoc } from '@rounds/shared/sync/protocol';
import type { PushedRow } from './push-outcome.ts';

/** A server answer other than 2xx, with its body when it had one. */
export class SyncHttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly body: ApiError | null = null
	) {
		super(message);
	}
}

/**
 * Statuses with which the server refuses a whole push for what its rows contain (`PushRejected`
 * on the server: permissions, domain rules, a change to a document it does not hold). Retrying
 * the same rows can never succeed; 400 (malformed), 401, 413, 426 and 5xx are not row problems.
 */
const REFUSALS = new Set([403, 409, 422]);

interface RefusalDetail {
	row?: unknown;
	id?: unknown;
	problem?: unknown;
}

/**
 * The rows a refused push names, each with the server's reason in words; `null` when the
 * answer is not such a refusal or names none of `rows` (then RxDB retries as for any error).
 */
export function refusedRows(
	status: number,
	body: ApiError | null,
	rows: readonly PushedRow[]
): Map<string, string> | null {
	if (!REFUSALS.has(status) || !body || !Array.isArray(body.details)) return null;
	const sent = new Set(rows.map((r) => r.newDocumentState.id));
	const problems = new Map<string, string[]>();
	for (const d of body.details as RefusalDetail[]) {
		if (!d || typeof d !== 'object') continue;
		const id =
			typeof d.id === 'string'
				? d.id
				: typeof d.row === 'number'
					? rows[d.row]?.newDocumentState.id
					: undefined;
		if (id === undefined || !sent.has(id)) continue;
		const problem = typeof d.problem === 'string' ? d.problem : '';
		problems.set(id, [...(problems.get(id) ?? []), problem]);
	}
	if (!problems.size) return null;
	const alone = problems.size === 1;
	return new Map(
		[...problems].map(([id, p]) => [id, reasonOf(String(body.message ?? ''), p, alone)])
	);
}

/**
 * The server's message is written for people ("This check-in code has expired: …"); each
 * detail repeats it as `field: message`. Details the message does not already say (a schema
 * refusal's "Invalid attendance document" names no field) are added after it.
 */
function reasonOf(message: string, problems: string[], alone: boolean): string {
	if (!alone || !message) return problems.filter(Boolean).join('; ') || message;
	const extra = problems.filter((p) => {
		const m = /^[^:\s]+: (.+)$/s.exec(p);
		return m && !message.includes(m[1]!);
	});
	return extra.length ? `${message}: ${extra.join('; ')}` : message;
}

/** What one call of the push handler settled with the server. */
export interface PushSettlement {
	/** The rows of the request the server stored (or answered with a conflict). */
	sent: PushedRow[];
	conflicts: WireDoc[];
	/** Rows the server refused, each left out of the next attempt. */
	refused: { row: PushedRow; reason: string }[];
}

/**
 * RxDB's push handler. The server refuses a push as a whole (atomic per request) and names the
 * row at fault: the rows are sent again without it, until the server takes the rest or none is
 * left, so one change the server will never take does not hold back the others. The refused rows
 * are returned to RxDB as neither stored nor in conflict, i.e. settled, and the queue moves on;
 * `settle` learns which, to tell the user and put the server's copy back.
 * Any other failure (offline, 5xx, 401…) throws, and RxDB retries the whole batch later.
 */
export function createPushHandler(
	send: (rows: PushedRow[]) => Promise<WireDoc[]>,
	settle: (s: PushSettlement) => void
): (rows: PushedRow[]) => Promise<WireDoc[]> {
	return async (rows) => {
		let left = [...rows];
		const refused: PushSettlement['refused'] = [];
		while (left.length) {
			try {
				const conflicts = await send(left);
				settle({ sent: left, conflicts, refused });
				return conflicts;
			} catch (e) {
				const named = e instanceof SyncHttpError ? refusedRows(e.status, e.body, left) : null;
				// Always names a row of `left` (see refusedRows), so each round sends fewer rows.
				if (!named) throw e;
				for (const row of left) {
					const reason = named.get(row.newDocumentState.id);
					if (reason !== undefined) refused.push({ row, reason });
				}
				left = left.filter((r) => !named.has(r.newDocumentState.id));
			}
		}
		settle({ sent: [], conflicts: [], refused });
		return [];
	};
}
