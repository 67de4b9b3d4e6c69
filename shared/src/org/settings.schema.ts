import { z } from 'zod';
import { baseDoc, id, longText, modality, shortText } from '../common.schema.ts';

/**
 * One collection of typed settings documents keeps the app within open-source RxDB's
 * 13-collection limit. `data` is validated per kind by `settingsData`.
 */
export const SETTINGS_KINDS = [
	'site',
	'section',
	'program',
	'feedback-template',
	'criteria-template',
	'target-policy',
	'conference-key'
] as const;
export const settingsKind = z.enum(SETTINGS_KINDS);
export type SettingsKind = z.infer<typeof settingsKind>;

export const siteData = z.object({
	hospital: shortText(120),
	satellite: z.boolean(),
	/** Regular expression source the accession number must match at this site. */
	accessionPattern: shortText(200).refine((s) => {
		try {
			new RegExp(s);
			return true;
		} catch {
			return false;
		}
	}, 'Not a valid pattern'),
	accessionExample: shortText(40)
});
export const sectionData = z.object({ code: shortText(20), modalities: z.array(modality) });
/** Link to the department's image viewer: `https://…{accession}…`, or empty when there is none. */
export const viewerUrlTemplate = shortText(300).refine(
	(s) => s === '' || (/^https?:\/\/[^\s]+$/.test(s) && s.includes('{accession}')),
	'Use an http(s) address containing {accession}, or leave it empty'
);
export const programData = z.object({
	name: shortText(120),
	viewerUrlTemplate,
	offlineHours: z.number().int().min(1).max(168)
});
export const feedbackTemplateData = z.object({
	kind: z.enum(['feedback', 'recognition']),
	body: longText(4000)
});
export const criteriaTemplateData = z.object({
	modality,
	version: z.number().int().min(1),
	retired: z.boolean(),
	rankingScale: z.array(shortText(40)).min(2).max(6),
	criteria: z
		.array(z.object({ id, label: shortText(200), allowNa: z.boolean() }))
		.min(1)
		.max(10),
	commentPrompt: shortText(200)
});
export const targetPolicyData = z.object({
	year: z.number().int().min(2000).max(2100),
	attendanceMin: z.number().int().min(0),
	attendanceEncouraged: z.number().int().min(0),
	departmentMin: z.number().int().min(0),
	subspecialtyMin: z.number().int().min(0),
	submissionsPer: z.enum(['month', 'work-week']),
	submissionsTarget: z.number().min(0),
	conferencesPerDivision: z.number().int().min(0),
	iqReviewsPerPeriod: z.number().int().min(0),
	iqPeriod: z.enum(['month', 'quarter'])
});
export const conferenceKeyData = z.object({
	conferenceId: id,
	/** Base64url HMAC key; only facilitators' devices receive it. */
	secret: shortText(100),
	facilitatorIds: z.array(id)
});

export const settingsData = {
	site: siteData,
	section: sectionData,
	program: programData,
	'feedback-template': feedbackTemplateData,
	'criteria-template': criteriaTemplateData,
	'target-policy': targetPolicyData,
	'conference-key': conferenceKeyData
} satisfies Record<SettingsKind, z.ZodType>;

export const settingsSchema = z
	.object({
		...baseDoc,
		kind: settingsKind,
		name: shortText(200).min(1),
		active: z.boolean(),
		data: z.record(z.string(), z.unknown())
	})
	.superRefine((doc, ctx) => {
		const r = settingsData[doc.kind].safeParse(doc.data);
		if (!r.success) {
			for (const issue of r.error.issues) {
				ctx.addIssue({ code: 'custom', message: issue.message, path: ['data', ...issue.path] });
			}
		}
	});
export type Settings = z.infer<typeof settingsSchema>;
export type SettingsOf<K extends SettingsKind> = Omit<Settings, 'kind' | 'data'> & {
	kind: K;
	data: z.infer<(typeof settingsData)[K]>;
};
