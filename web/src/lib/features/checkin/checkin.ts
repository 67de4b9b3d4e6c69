import {
	attendanceId,
	attendanceSchema,
	type Attendance,
	type Conference
} from '@rounds/shared/conferences/conference.schema';
import {
	readCheckinCode,
	verifyToken,
	type TokenProblem
} from '@rounds/shared/conferences/checkin-token';
import { collections } from '@rounds/shared/sync/registry';
import { SCHEMA_VERSION_HEADER, type ApiError, type WireDoc } from '@rounds/shared/sync/protocol';

/** What a scanned or typed text leads to, before anything is stored. */
export type CheckinPlan =
	| { kind: 'not-rounds' }
	| { kind: 'refused'; reason: TokenProblem | 'cancelled'; conference?: Conference }
	| { kind: 'already'; attendance: Attendance; conference?: Conference }
	| { kind: 'record'; attendance: Attendance; conference?: Conference };

export interface PlanInput {
	text: string;
	/** This app's origin: check-in addresses of other sites are not ours. */
	origin: string;
	/** When the device scanned the code (or the phone's camera opened the address). */
	scannedAt: Date;
	userId: string;
	/** The conference as this device knows it; unknown when it was scheduled after the last sync. */
	conferenceOf(id: string): Promise<Conference | undefined>;
	/** This person's check-in to that conference already on the device, if any. */
	existing(id: string): Promise<Attendance | undefined>;
}

/**
 * Checks a code on the attendee's device, which has no secret: the format, the conference and
 * the scan window (offline too). The signature is the server's to check when the record syncs.
 */
export async function planCheckin(i: PlanInput): Promise<CheckinPlan> {
	const code = readCheckinCode(i.text, i.origin);
	if (!code) return { kind: 'not-rounds' };
	const conference = await i.conferenceOf(code.conferenceId);
	const verdict = await verifyToken(code.token, {
		conferenceId: code.conferenceId,
		scannedAt: i.scannedAt,
		conference
	});
	if (!verdict.ok) return { kind: 'refused', reason: verdict.reason, conference };
	if (conference?.status === 'cancelled')
		return { kind: 'refused', reason: 'cancelled', conference };
	const id = attendanceId(code.conferenceId, i.userId);
	const stored = await i.existing(id);
	if (stored) return { kind: 'already', attendance: stored, conference };
	const at = i.scannedAt.toISOString();
	const attendance = attendanceSchema.parse({
		id,
		createdAt: at,
		updatedAt: at,
		conferenceId: code.conferenceId,
		userId: i.userId,
		method: 'qr',
		token: code.token,
		reason: '',
		recordedById: i.userId
	});
	return { kind: 'record', attendance, conference };
}

/** The server's answer to a check-in sent straight away. */
export type ServerVerdict =
	| { kind: 'stored' }
	| { kind: 'already'; attendance: Attendance }
	| { kind: 'refused'; message: string }
	| { kind: 'unreachable' };

/**
 * Sends one check-in through the replication endpoint the sync would use, for an immediate and
 * precise verdict while the attendee looks at the screen. It is the same document, so the sync's
 * own push of it afterwards changes nothing (a retried push), and a refused one is never stored.
 */
export async function sendCheckin(
	attendance: Attendance,
	fetchFn: typeof fetch = fetch
): Promise<ServerVerdict> {
	let res: Response;
	try {
		res = await fetchFn('/api/replication/attendance/push', {
			method: 'POST',
			credentials: 'same-origin',
			headers: {
				'content-type': 'application/json',
				[SCHEMA_VERSION_HEADER]: `attendance@${collections.attendance.version}`
			},
			body: JSON.stringify([
				{ assumedMasterState: null, newDocumentState: { ...attendance, _deleted: false } }
			]),
			signal: AbortSignal.timeout(8000)
		});
	} catch {
		return { kind: 'unreachable' };
	}
	if (res.ok) {
		const conflicts = (await res.json().catch(() => [])) as WireDoc[];
		const stored = conflicts.find((c) => c.id === attendance.id && !c._deleted);
		if (!stored) return { kind: 'stored' };
		// Strict parse of the stored fields: RxDB's `_deleted` flag is not one of them.
		const parsed = attendanceSchema.safeParse(
			Object.fromEntries(Object.entries(stored).filter(([k]) => !k.startsWith('_')))
		);
		return parsed.success ? { kind: 'already', attendance: parsed.data } : { kind: 'stored' };
	}
	// Refusals of the check-in itself; anything else (signed out, server trouble, an outdated
	// app) leaves it to the sync, which retries and reports in the sync indicator.
	if (res.status === 403 || res.status === 409 || res.status === 422) {
		const body = (await res.json().catch(() => null)) as ApiError | null;
		return { kind: 'refused', message: body?.message ?? `The server answered ${res.status}` };
	}
	return { kind: 'unreachable' };
}
