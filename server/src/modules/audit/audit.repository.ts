import type { Queryable } from '../../db/db.ts';

export interface AuditEntry {
	actorId: string | null;
	action: string;
	collection?: string;
	docId?: string;
	outcome: 'ok' | 'rejected' | 'failed';
	detail?: Record<string, unknown>;
	/** The device's own clock, when the action came from a device (informational). */
	deviceAt?: string;
	ip?: string | null;
}

/** Appends one entry to the append-only audit log (server time is the database's clock). */
export async function audit(q: Queryable, e: AuditEntry): Promise<void> {
	await q.query(
		`insert into audit_log (actor_id, action, collection, doc_id, outcome, detail, device_at, ip)
		 values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
		[
			e.actorId,
			e.action,
			e.collection ?? null,
			e.docId ?? null,
			e.outcome,
			JSON.stringify(e.detail ?? {}),
			e.deviceAt ?? null,
			e.ip ?? null
		]
	);
}
