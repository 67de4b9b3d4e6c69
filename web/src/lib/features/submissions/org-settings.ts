import {
	feedbackTemplateData,
	sectionData,
	siteData,
	type Settings,
	type SettingsOf
} from '@rounds/shared/org/settings.schema';
import { currentPolicy } from '@rounds/shared/reports/targets';

export interface SiteOption {
	id: string;
	name: string;
	accessionPattern: string;
	accessionExample: string;
}
export interface SectionOption {
	id: string;
	name: string;
	code: string;
	modalities: string[];
}
export interface FeedbackTemplate {
	id: string;
	name: string;
	kind: 'feedback' | 'recognition';
	body: string;
}
export type TargetPolicy = SettingsOf<'target-policy'>['data'];

interface Parser<T> {
	safeParse(v: unknown): { success: true; data: T } | { success: false };
}

/** Parses `data` of each active settings document of one kind; malformed ones are skipped. */
function parsed<T>(
	docs: readonly Settings[],
	kind: Settings['kind'],
	schema: Parser<T>
): { doc: Settings; data: T }[] {
	const out: { doc: Settings; data: T }[] = [];
	for (const doc of docs) {
		if (doc.kind !== kind || !doc.active) continue;
		const r = schema.safeParse(doc.data);
		if (r.success) out.push({ doc, data: r.data });
	}
	return out.sort((a, b) => a.doc.name.localeCompare(b.doc.name));
}

/** Active sites, by name. */
export function sitesFrom(docs: readonly Settings[]): SiteOption[] {
	return parsed(docs, 'site', siteData).map(({ doc, data }) => ({
		id: doc.id,
		name: doc.name,
		accessionPattern: data.accessionPattern,
		accessionExample: data.accessionExample
	}));
}

/** Active sections, by name. */
export function sectionsFrom(docs: readonly Settings[]): SectionOption[] {
	return parsed(docs, 'section', sectionData).map(({ doc, data }) => ({
		id: doc.id,
		name: doc.name,
		code: data.code,
		modalities: data.modalities
	}));
}

/** Active feedback templates, by name. */
export function templatesFrom(docs: readonly Settings[]): FeedbackTemplate[] {
	return parsed(docs, 'feedback-template', feedbackTemplateData).map(({ doc, data }) => ({
		id: doc.id,
		name: doc.name,
		kind: data.kind,
		body: data.body
	}));
}

/** The target policy in force for a calendar year (its newest version), if the program set one. */
export function targetPolicyFor(docs: readonly Settings[], year: number): TargetPolicy | null {
	return currentPolicy(docs, year)?.data ?? null;
}
