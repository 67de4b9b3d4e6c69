import {
	attendanceId,
	type Attendance,
	type Conference
} from '@rounds/shared/conferences/conference.schema';
import { verifyToken, type TokenProblem } from '@rounds/shared/conferences/checkin-token';
import { conferenceKeyData } from '@rounds/shared/org/settings.schema';
import type { Person } from '@rounds/shared/identity/identity.schema';
import type { Queryable } from '../../db/db.ts';
import { getDocuments } from '../sync/documents.repository.ts';

export interface AttendanceProblem {
	field: string;
	message: string;
}

/** What the attendee reads when the server refuses a scanned code. */
export const TOKEN_MESSAGES: Record<TokenProblem, string> = {
	forged: 'This code is not valid',
	foreign: 'This code is for another conference',
	expired: 'This check-in code has expired: scan the code on the screen again',
	replayed:
		'This check-in code reached the server too long after it was shown: ask the organizer to record your attendance'
};

/** The conference's check-in secret, wherever its settings document is filed. */
export async function conferenceSecret(
	q: Queryable,
	conferenceId: string
): Promise<string | undefined> {
	const { rows } = await q.query<{ data: { data: unknown } }>(
		`select data from documents
		  where collection = 'settings' and not deleted
		    and data->>'kind' = 'conference-key' and data->'data'->>'conferenceId' = $1
		  order by id limit 1`,
		[conferenceId]
	);
	const parsed = conferenceKeyData.safeParse(rows[0]?.data.data);
	return parsed.success ? parsed.data.secret : undefined;
}

/**
 * A QR check-in pushed by an attendee's device: the code must be this conference's, signed with
 * its secret and scanned in its window (the document's `createdAt` is the device's scan time);
 * the attendee checks in themselves, under the one id per person and conference. Other methods
 * (meeting report import, manual) are left to the write rules. `receivedAt` is the server's clock.
 */
export async function checkAttendancePush(
	q: Queryable,
	user: Pick<Person, 'id'>,
	prev: Attendance | null,
	next: Attendance,
	receivedAt: Date
): Promise<AttendanceProblem[]> {
	if (next.method !== 'qr') return [];
	// An organizer editing a stored check-in (not its code) does not re-verify an old code.
	if (prev && prev.method === 'qr' && prev.token === next.token && prev.userId === next.userId)
		return [];
	if (next.userId !== user.id || next.recordedById !== user.id)
		return [
			{
				field: 'userId',
				message:
					'A QR check-in is made by the attendee themselves; record someone else’s attendance manually, with a reason'
			}
		];
	if (next.id !== attendanceId(next.conferenceId, next.userId))
		return [{ field: 'id', message: 'One check-in per person and conference: wrong record id' }];
	const [conference] = await getDocuments<Conference>(q, 'conferences', [next.conferenceId]);
	if (!conference)
		return [{ field: 'conferenceId', message: 'This check-in is for an unknown conference' }];
	if (conference.status === 'cancelled')
		return [{ field: 'conferenceId', message: `“${conference.title}” was cancelled` }];
	const secret = await conferenceSecret(q, conference.id);
	if (!secret)
		return [{ field: 'token', message: 'This conference has no check-in code: ask the organizer' }];
	const verdict = await verifyToken(next.token, {
		conferenceId: conference.id,
		scannedAt: new Date(next.createdAt),
		conference,
		secret,
		receivedAt
	});
	return verdict.ok ? [] : [{ field: 'token', message: TOKEN_MESSAGES[verdict.reason] }];
}
