import { z } from 'zod';
import { baseDoc, id, modality, shortText } from '../common.schema.ts';

export const ROLES = [
	'technologist',
	'sonographer',
	'radiologist',
	'modality_quality_lead',
	'section_chief',
	'peer_learning_director',
	'admin_support',
	'leadership_viewer',
	'system_admin'
] as const;
export const role = z.enum(ROLES);
export type Role = z.infer<typeof role>;

export const email = z
	.email()
	.max(254)
	.transform((v) => v.toLowerCase());

/** A person in the directory, replicated to every signed-in user (no secrets in here). */
export const personSchema = z.object({
	...baseDoc,
	email: z.string().max(254),
	name: shortText(120).min(1),
	roles: z.array(role).max(ROLES.length),
	siteIds: z.array(id).max(20),
	sectionIds: z.array(id).max(20),
	modalities: z.array(modality).max(10),
	/** Sections this person is chief of: submissions of these sections route to them. */
	chiefOfSectionIds: z.array(id).max(20),
	/** Modalities this person is quality lead of: attention-required reviews go to them. */
	leadOfModalities: z.array(modality).max(10),
	fte: z.number().min(0).max(1).multipleOf(0.05),
	active: z.boolean(),
	locale: z.enum(['en', 'fr'])
});
export type Person = z.infer<typeof personSchema>;

export const loginRequest = z.object({
	email: z.string().trim().min(1, 'Email is required').max(254),
	password: z.string().min(1, 'Password is required').max(256)
});

export const newPersonRequest = z.object({
	email,
	name: shortText(120).min(1),
	roles: z.array(role).min(1),
	password: z.string().min(10, 'Passwords need at least 10 characters').max(256),
	siteIds: z.array(id).default([]),
	sectionIds: z.array(id).default([]),
	modalities: z.array(modality).default([]),
	chiefOfSectionIds: z.array(id).default([]),
	leadOfModalities: z.array(modality).default([]),
	fte: z.number().min(0).max(1).default(1)
});

/** What `GET /api/session` answers; also cached on the device for offline reopening. */
export const sessionInfo = z.object({
	user: personSchema,
	/** Principals used to scope replication (see sync/access.ts). */
	expiresAt: z.string(),
	offlineUntil: z.string()
});
export type SessionInfo = z.infer<typeof sessionInfo>;

/** True when the person holds any of the given roles. */
export function hasRole(p: Pick<Person, 'roles'>, ...roles: Role[]): boolean {
	return p.roles.some((r) => roles.includes(r));
}
