import {
	settingsSchema,
	siteData,
	viewerUrlTemplate,
	type Settings
} from '@rounds/shared/org/settings.schema';

export interface SiteDraft {
	name: string;
	hospital: string;
	satellite: boolean;
	accessionPattern: string;
	accessionExample: string;
}

/** Builds a site settings document; the example must match the pattern the form checks. */
export function siteDoc(
	d: SiteDraft,
	existing: Settings | null,
	now: string,
	newId: () => string
): { ok: true; doc: Settings } | { ok: false; errors: Record<string, string> } {
	const errors: Record<string, string> = {};
	if (!d.name.trim()) errors.name = 'Give the site a name';
	const data = siteData.safeParse({
		hospital: d.hospital.trim() || d.name.trim(),
		satellite: d.satellite,
		accessionPattern: d.accessionPattern.trim(),
		accessionExample: d.accessionExample.trim()
	});
	if (!data.success) for (const i of data.error.issues) errors[String(i.path[0])] ??= i.message;
	else if (!new RegExp(`^(?:${data.data.accessionPattern})$`).test(data.data.accessionExample))
		errors.accessionExample = 'The example does not match the pattern';
	if (!d.accessionPattern.trim()) errors.accessionPattern = 'Enter the accession number pattern';
	if (Object.keys(errors).length || !data.success) return { ok: false, errors };
	return {
		ok: true,
		doc: settingsSchema.parse({
			id: existing?.id ?? newId(),
			createdAt: existing?.createdAt ?? now,
			updatedAt: now,
			kind: 'site',
			name: d.name.trim(),
			active: existing?.active ?? true,
			data: data.data
		})
	};
}

/** The program document with a new viewer link, or the reason it is refused. */
export function withViewerUrl(
	program: Settings,
	template: string,
	now: string
): { ok: true; doc: Settings } | { ok: false; error: string } {
	const r = viewerUrlTemplate.safeParse(template.trim());
	if (!r.success) return { ok: false, error: r.error.issues[0]!.message };
	return {
		ok: true,
		doc: settingsSchema.parse({
			...program,
			updatedAt: now,
			data: { ...program.data, viewerUrlTemplate: r.data }
		})
	};
}
