import { z } from 'zod';
import { baseDoc, id, isoDateTime, longText, modality, shortText } from '../common.schema.ts';

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
const targetCount = (what: string) =>
	z
		.number({ error: `${what}: enter a number` })
		.min(0, `${what}: use 0 or more`)
		.max(1000, `${what}: use 1000 or less`)
		// A refinement, not `.int()`: zod's integer check stops the policy-wide checks below, and
		// the director should see every problem at once.
		.refine(Number.isInteger, `${what}: use a whole number`);
/** A participation level: the minimum every person must reach, and an optional higher goal. */
const targetLevel = (what: string) =>
	z
		.object({
			minimum: targetCount(`${what} minimum`),
			/** `null`: the policy sets no encouraged level. */
			encouraged: targetCount(`${what} encouraged level`).nullable()
		})
		.superRefine((l, ctx) => {
			if (l.encouraged !== null && l.minimum > l.encouraged)
				ctx.addIssue({
					code: 'custom',
					path: ['encouraged'],
					message: `${what}: the minimum (${l.minimum}) is above the encouraged level (${l.encouraged})`
				});
		});

/**
 * A program's participation targets for one calendar year (DOMAIN.md, "Targets and the annual
 * report"). History is kept as versions: an edit writes a new settings document
 * (`policy-<year>` for version 1, then `policy-<year>-v<n>-<random>`) and marks the one it
 * replaces inactive with `supersededAt`,
 * so no edit ever rewrites an earlier version and two offline edits never overwrite each other
 * (see `currentPolicy` in reports/targets.ts for how a year's policy is chosen).
 *
 * Source 002's two sample policies: "≥ 3 conferences, ≥ 1 submission per month, 6 conferences
 * offered", and "≥ 6 (2 department-wide, 3 subspecialty), encouraged 10 (4, 4); 1 per work week
 * per full-time radiologist, prorated; 4 per division and 4 department-wide" (fixtures in
 * reports/targets.test.ts).
 */
export const targetPolicyData = z
	.object({
		year: z
			.number({ error: 'Year: enter a year' })
			.int('Year: use a whole year')
			.min(2000, 'Year: use a year from 2000 to 2100')
			.max(2100, 'Year: use a year from 2000 to 2100'),
		/** 1 for the year's first policy, +1 for each edit. */
		version: z.number().int().min(1),
		editedById: z.union([id, z.literal('')]),
		/** Why it changed, shown in the history. */
		note: shortText(500),
		/** Set when a later version replaced this one. */
		supersededAt: isoDateTime.nullable(),
		/** Conferences each radiologist attends in the year. */
		attendance: z.object({
			total: targetLevel('Total attendance'),
			/** Department-wide conferences (kind `department`). */
			department: targetLevel('Department-wide attendance'),
			/** Section conferences of the person's own sections (their scope of practice). */
			subspecialty: targetLevel('Subspecialty attendance')
		}),
		submissions: z.object({
			per: z.enum(['month', 'work-week']),
			/** Learning opportunities per period for a full-time radiologist. */
			count: z
				.number({ error: 'Submissions: enter a number' })
				.min(0, 'Submissions: use 0 or more')
				.max(100, 'Submissions: use 100 or less'),
			/** "Prorated for part-time radiologists": the count is multiplied by the person's FTE. */
			prorateByFte: z.boolean()
		}),
		/** Conferences the program offers in the year. */
		conferences: z.object({
			/** Program-wide minimum; `null` when it is just the sum of the targets below. */
			total: targetCount('Conferences offered in total').nullable(),
			department: targetCount('Department-wide conferences offered'),
			/** Default for each section (division). */
			perSection: targetCount('Conferences offered per division'),
			/** Sections whose target differs from `perSection`. */
			sections: z
				.array(z.object({ sectionId: id, count: targetCount('Conferences offered by a division') }))
				.max(50)
		}),
		/** Image-quality reviews each technologist or sonographer completes per period. */
		iqReviews: z.object({
			perReviewer: targetCount('Image-quality reviews per period'),
			period: z.enum(['month', 'quarter'])
		}),
		reminders: z.object({
			/**
			 * When the mid-period reminder with the current count goes out: day of the month (1–28)
			 * for monthly targets, weekday (1 Monday … 5 Friday) for weekly ones; `null` sends none.
			 */
			midPeriodDay: z.number().int().min(1).max(28).nullable(),
			/** Remind each section's staff and facilitators the day before a conference. */
			upcomingConferences: z.boolean()
		})
	})
	.superRefine(
		(policy, ctx) => {
			// Runs even when other fields failed (see `when`), so every problem shows at once: the
			// input may then be malformed anywhere, hence the defensive reads.
			const p = policy as unknown as {
				reminders?: { midPeriodDay?: unknown };
				submissions?: { per?: unknown };
				conferences?: { sections?: unknown };
			};
			const d = p.reminders?.midPeriodDay;
			if (typeof d === 'number' && p.submissions?.per === 'work-week' && d > 5)
				ctx.addIssue({
					code: 'custom',
					path: ['reminders', 'midPeriodDay'],
					message: 'Reminder day: for weekly targets use a weekday from 1 (Monday) to 5 (Friday)'
				});
			const sections = Array.isArray(p.conferences?.sections) ? p.conferences.sections : [];
			const seen = new Set<unknown>();
			for (const [i, s] of sections.entries()) {
				const sectionId = (s as { sectionId?: unknown } | null)?.sectionId;
				if (seen.has(sectionId))
					ctx.addIssue({
						code: 'custom',
						path: ['conferences', 'sections', i, 'sectionId'],
						message: 'A division is listed twice'
					});
				seen.add(sectionId);
			}
		},
		{ when: () => true }
	);
export type TargetPolicyData = z.infer<typeof targetPolicyData>;
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
