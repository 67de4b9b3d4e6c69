import {
	feedbackTemplateData,
	settingsSchema,
	type Settings
} from '@rounds/shared/org/settings.schema';

export interface TemplateDraft {
	name: string;
	kind: 'feedback' | 'recognition';
	body: string;
}

/** Builds the settings document for a feedback template, or the problems with the draft. */
export function templateDoc(
	draft: TemplateDraft,
	existing: Settings | null,
	now: string,
	newId: () => string
): { ok: true; doc: Settings } | { ok: false; errors: Record<string, string> } {
	const errors: Record<string, string> = {};
	if (!draft.name.trim()) errors.name = 'Give the template a name';
	if (!draft.body.trim()) errors.body = 'Write the template text';
	const data = feedbackTemplateData.safeParse({ kind: draft.kind, body: draft.body });
	if (!data.success) errors.body ??= data.error.issues[0]!.message;
	if (Object.keys(errors).length) return { ok: false, errors };
	const doc = settingsSchema.parse({
		id: existing?.id ?? newId(),
		createdAt: existing?.createdAt ?? now,
		updatedAt: now,
		kind: 'feedback-template',
		name: draft.name.trim(),
		active: existing?.active ?? true,
		data: { kind: draft.kind, body: draft.body }
	});
	return { ok: true, doc };
}
