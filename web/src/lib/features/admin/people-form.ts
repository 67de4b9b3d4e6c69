import { newPersonRequest, ROLES, type Role } from '@rounds/shared/identity/identity.schema';

export interface PersonDraft {
	name: string;
	email: string;
	roles: Role[];
	fte: string;
	password: string;
}

export const emptyPersonDraft = (): PersonDraft => ({
	name: '',
	email: '',
	roles: [],
	fte: '1',
	password: ''
});

/** Validates the "add person" form with the shared schema; messages keyed by field. */
export function validatePersonDraft(
	d: PersonDraft
):
	| { ok: true; value: ReturnType<typeof newPersonRequest.parse> }
	| { ok: false; errors: Record<string, string> } {
	const r = newPersonRequest.safeParse({ ...d, fte: Number(d.fte) });
	if (r.success) return { ok: true, value: r.data };
	const errors: Record<string, string> = {};
	for (const i of r.error.issues) {
		const field = String(i.path[0] ?? 'form');
		errors[field] ??=
			field === 'roles' && i.code === 'too_small' ? 'Choose at least one role' : i.message;
	}
	return { ok: false, errors };
}

export { ROLES };
