import { createEvents, type EventAttributes } from 'ics';
import {
	conferenceSchema,
	type Conference,
	type PresentationCase
} from '@rounds/shared/conferences/conference.schema';
import type { Person, Role } from '@rounds/shared/identity/identity.schema';
import type { Modality } from '@rounds/shared/common.schema';
import type { SettingsOf } from '@rounds/shared/org/settings.schema';
import { conferenceKeyDocument } from '@rounds/shared/conferences/checkin-token';

export type ConferenceKind = Conference['kind'];
export type Repeat = 'none' | 'weekly' | 'biweekly' | 'monthly';

/** The scheduling form, as typed (local date and times). */
export interface ConferenceDraft {
	kind: ConferenceKind;
	title: string;
	sectionId: string;
	modality: Modality | '';
	mode: Conference['mode'];
	date: string;
	start: string;
	end: string;
	location: string;
	meetingUrl: string;
	facilitatorIds: string[];
	cmeCredits: number;
	repeat: Repeat;
	occurrences: number;
}

export type DraftField = keyof ConferenceDraft;
export type DraftErrors = Partial<Record<DraftField, string>>;

export const SCHEDULERS: Role[] = [
	'peer_learning_director',
	'admin_support',
	'section_chief',
	'modality_quality_lead'
];
export const MAX_OCCURRENCES = 26;

export function emptyDraft(user: Person, today: string): ConferenceDraft {
	const lead = user.leadOfModalities[0];
	const chiefOf = user.chiefOfSectionIds[0];
	return {
		kind: chiefOf ? 'section' : lead ? 'iq-rounds' : 'department',
		title: '',
		sectionId: chiefOf ?? '',
		modality: chiefOf ? '' : (lead ?? ''),
		mode: 'in-person',
		date: today,
		start: '12:00',
		end: '13:00',
		location: '',
		meetingUrl: '',
		facilitatorIds: [user.id],
		cmeCredits: 1,
		repeat: 'none',
		occurrences: 1
	};
}

export function draftFrom(c: Conference): ConferenceDraft {
	const local = (iso: string) => {
		const d = new Date(iso);
		const pad = (n: number) => String(n).padStart(2, '0');
		return {
			date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
			time: `${pad(d.getHours())}:${pad(d.getMinutes())}`
		};
	};
	return {
		kind: c.kind,
		title: c.title,
		sectionId: c.sectionId,
		modality: c.modality,
		mode: c.mode,
		date: local(c.startsAt).date,
		start: local(c.startsAt).time,
		end: local(c.endsAt).time,
		location: c.location,
		meetingUrl: c.meetingUrl,
		facilitatorIds: [...c.facilitatorIds],
		cmeCredits: c.cmeCredits,
		repeat: 'none',
		occurrences: 1
	};
}

/** Message keys (under `conferences.errors.`) for what the form refuses. */
export function validateDraft(d: ConferenceDraft): DraftErrors {
	const e: DraftErrors = {};
	if (!d.title.trim()) e.title = 'title';
	if (d.kind === 'section' && !d.sectionId) e.sectionId = 'section';
	if (d.kind === 'iq-rounds' && !d.modality) e.modality = 'modality';
	if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date)) e.date = 'date';
	if (!/^\d{2}:\d{2}$/.test(d.start)) e.start = 'time';
	if (!/^\d{2}:\d{2}$/.test(d.end)) e.end = 'time';
	else if (d.end <= d.start) e.end = 'endBeforeStart';
	if (d.mode !== 'virtual' && !d.location.trim()) e.location = 'location';
	if (d.mode !== 'in-person' && !/^https:\/\/\S+$/.test(d.meetingUrl.trim()))
		e.meetingUrl = 'meetingUrl';
	if (!d.facilitatorIds.length) e.facilitatorIds = 'facilitators';
	if (!(d.cmeCredits >= 0 && d.cmeCredits <= 20)) e.cmeCredits = 'cme';
	if (d.repeat !== 'none' && !(d.occurrences >= 2 && d.occurrences <= MAX_OCCURRENCES))
		e.occurrences = 'occurrences';
	return e;
}

/** The dates of a series, from the first (YYYY-MM-DD), in local calendar terms. */
export function seriesDates(first: string, repeat: Repeat, occurrences: number): string[] {
	const n = repeat === 'none' ? 1 : occurrences;
	const [y, m, d] = first.split('-').map(Number) as [number, number, number];
	const out: string[] = [];
	for (let i = 0; i < n; i++) {
		const date =
			repeat === 'monthly'
				? new Date(y, m - 1 + i, Math.min(d, new Date(y, m + i, 0).getDate()))
				: new Date(y, m - 1, d + i * (repeat === 'biweekly' ? 14 : 7));
		const pad = (x: number) => String(x).padStart(2, '0');
		out.push(`${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`);
	}
	return out;
}

const localIso = (date: string, time: string) => new Date(`${date}T${time}:00`).toISOString();

/**
 * New conferences from the form: one per date of the series, sharing a series id, each with
 * its own check-in key (a settings document only facilitators, the director and admin support
 * receive).
 */
export function newConferences(
	d: ConferenceDraft,
	now: string,
	newId: () => string
): { conferences: Conference[]; keys: SettingsOf<'conference-key'>[] } {
	const seriesId = d.repeat === 'none' ? '' : `series-${newId()}`.slice(0, 64);
	const conferences: Conference[] = [];
	const keys: SettingsOf<'conference-key'>[] = [];
	for (const date of seriesDates(d.date, d.repeat, d.occurrences)) {
		const c = conferenceSchema.parse({
			id: `conf-${newId()}`.slice(0, 64),
			createdAt: now,
			updatedAt: now,
			...fieldsFrom(d, date),
			seriesId,
			status: 'scheduled',
			caseIds: [],
			keyLearnings: '',
			publishedAt: null
		});
		conferences.push(c);
		keys.push(conferenceKeyDocument(c, now));
	}
	return { conferences, keys };
}

function fieldsFrom(d: ConferenceDraft, date: string) {
	return {
		kind: d.kind,
		title: d.title.trim(),
		sectionId: d.kind === 'section' ? d.sectionId : '',
		modality: d.kind === 'iq-rounds' ? d.modality : '',
		mode: d.mode,
		startsAt: localIso(date, d.start),
		endsAt: localIso(date, d.end),
		location: d.mode === 'virtual' ? '' : d.location.trim(),
		meetingUrl: d.mode === 'in-person' ? '' : d.meetingUrl.trim(),
		facilitatorIds: [...d.facilitatorIds],
		cmeCredits: Number(d.cmeCredits)
	};
}

/** An existing conference with the form's details (agenda, learnings and status kept). */
export function updatedConference(c: Conference, d: ConferenceDraft, now: string): Conference {
	return conferenceSchema.parse({ ...c, ...fieldsFrom(d, d.date), updatedAt: now });
}

/** Upcoming first (soonest first), then past ones (most recent first). */
export function splitByTime(all: Conference[], now: Date) {
	const t = now.getTime();
	return {
		upcoming: all
			.filter((c) => Date.parse(c.endsAt) >= t && c.status !== 'cancelled')
			.sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
		past: all
			.filter((c) => Date.parse(c.endsAt) < t || c.status === 'cancelled')
			.sort((a, b) => b.startsAt.localeCompare(a.startsAt))
	};
}

/** Who may change a conference (mirrors the server's write rule). */
export const canEdit = (u: Person, c: Pick<Conference, 'facilitatorIds'> | null): boolean =>
	u.roles.some((r) => SCHEDULERS.includes(r)) || (!!c && c.facilitatorIds.includes(u.id));

/** Agenda cases in order; cases not on the agenda (yet) after them. */
export function agenda(c: Conference, cases: PresentationCase[]) {
	const byId = new Map(cases.map((x) => [x.id, x]));
	const onAgenda = c.caseIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
	return { onAgenda, blocking: onAgenda.filter((x) => !x.gatePassedAt) };
}

/** An `.ics` calendar with the conferences (a series gives one file of every occurrence). */
export function icsFile(conferences: Conference[], sectionName: (id: string) => string): string {
	const events: EventAttributes[] = conferences
		.filter((c) => c.status !== 'cancelled')
		.map((c) => ({
			uid: `${c.id}@rounds`,
			start: Date.parse(c.startsAt),
			startInputType: 'utc',
			startOutputType: 'utc',
			end: Date.parse(c.endsAt),
			endInputType: 'utc',
			endOutputType: 'utc',
			title: c.title,
			description: [
				c.kind === 'section' ? `Section: ${sectionName(c.sectionId)}` : '',
				c.kind === 'iq-rounds' ? `Image-quality rounds: ${c.modality}` : '',
				c.cmeCredits ? `CME credits: ${c.cmeCredits}` : '',
				c.meetingUrl ? `Join: ${c.meetingUrl}` : ''
			]
				.filter(Boolean)
				.join('\n'),
			location: c.location || c.meetingUrl || undefined,
			...(c.meetingUrl ? { url: c.meetingUrl } : {}),
			status: 'CONFIRMED',
			productId: 'rounds/peer-learning'
		}));
	const { error, value } = createEvents(events);
	if (error || !value) throw new Error(`Could not create the calendar file: ${error?.message}`);
	return value;
}

/** What a conference can take on its agenda: flagged submissions or IQ rounds candidates. */
export function isCandidateFor(
	c: Conference,
	s: { status: string; sectionId: string; triage: { conferenceFlag: string } }
): boolean {
	if (s.status === 'draft') return false;
	if (c.kind === 'department') return s.triage.conferenceFlag === 'department';
	if (c.kind === 'section')
		return s.triage.conferenceFlag === 'section' && s.sectionId === c.sectionId;
	return false;
}

/** The agenda with one case moved up (-1) or down (+1). */
export function moved(caseIds: string[], id: string, by: -1 | 1): string[] {
	const i = caseIds.indexOf(id);
	const j = i + by;
	if (i < 0 || j < 0 || j >= caseIds.length) return caseIds;
	const out = [...caseIds];
	[out[i], out[j]] = [out[j]!, out[i]!];
	return out;
}
