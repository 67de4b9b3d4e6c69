import type { Attendance } from '@rounds/shared/conferences/conference.schema';
import type { TokenProblem } from '@rounds/shared/conferences/checkin-token';
import type { RoundsDatabase } from '#lib/db/database.ts';
import { planCheckin, sendCheckin, type ServerVerdict } from './checkin.ts';

export type CheckinState =
	| { phase: 'idle' }
	| { phase: 'working' }
	| { phase: 'not-rounds' }
	| { phase: 'refused'; reason: TokenProblem | 'cancelled'; conferenceId?: string }
	| { phase: 'server-refused'; message: string; conferenceId: string }
	| {
			phase: 'checked-in';
			attendance: Attendance;
			already: boolean;
			/** The server answered while the attendee watched; otherwise the sync confirms later. */
			confirmed: boolean;
	  };

/**
 * One check-in from a scanned or typed code: checked on the device, sent to the server at once
 * when online (its verdict shown), and otherwise stored locally for the sync to deliver.
 */
export class CheckinFlow {
	state = $state<CheckinState>({ phase: 'idle' });

	constructor(
		private readonly db: () => RoundsDatabase | null,
		private readonly userId: () => string | undefined,
		private readonly send: (a: Attendance) => Promise<ServerVerdict> = sendCheckin
	) {}

	/** Handles a code; returns false (and stays idle) when the text is not a Rounds code. */
	async run(text: string, scannedAt: Date): Promise<boolean> {
		const db = this.db();
		const userId = this.userId();
		if (!db || !userId) return false;
		const plan = await planCheckin({
			text,
			origin: location.origin,
			scannedAt,
			userId,
			conferenceOf: async (id) => (await db.conferences.findOne(id).exec())?.toMutableJSON(),
			existing: async (id) => (await db.attendance.findOne(id).exec())?.toMutableJSON()
		});
		if (plan.kind === 'not-rounds') {
			this.state = { phase: 'not-rounds' };
			return false;
		}
		if (plan.kind === 'refused') {
			this.state = {
				phase: 'refused',
				reason: plan.reason,
				conferenceId: plan.conference?.id
			};
			return true;
		}
		if (plan.kind === 'already') {
			this.state = {
				phase: 'checked-in',
				attendance: plan.attendance,
				already: true,
				confirmed: false
			};
			return true;
		}
		this.state = { phase: 'working' };
		const verdict: ServerVerdict = navigator.onLine
			? await this.send(plan.attendance)
			: { kind: 'unreachable' };
		if (verdict.kind === 'refused') {
			// Never stored: nothing is left on the device to retry.
			this.state = {
				phase: 'server-refused',
				message: verdict.message,
				conferenceId: plan.attendance.conferenceId
			};
			return true;
		}
		const kept = verdict.kind === 'already' ? verdict.attendance : plan.attendance;
		// The same document the server holds (or will receive from the sync): a pull may have
		// brought it first, which is fine.
		await db.attendance.insert(kept).catch(() => undefined);
		this.state = {
			phase: 'checked-in',
			attendance: kept,
			already: verdict.kind === 'already',
			confirmed: verdict.kind !== 'unreachable'
		};
		return true;
	}

	reset(): void {
		this.state = { phase: 'idle' };
	}
}
