/**
 * Factories for the presentation and conference-record tests: synthetic conferences, cases and
 * attendance, valid against the shared schemas.
 */
import {
	attendanceId,
	attendanceSchema,
	caseSchema,
	conferenceSchema,
	type Attendance,
	type Conference,
	type PresentationCase
} from '@rounds/shared/conferences/conference.schema';

import { getMessageFormatter, init, locale as currentLocale } from 'svelte-i18n';
import type { PdfContent, PdfText, Translate } from '#lib/pdf/conference-record.ts';
import en from '../i18n/en.json' with { type: 'json' };
import fr from '../i18n/fr.json' with { type: 'json' };
import { areaMessages } from '../i18n/namespaces.ts';
import { lookup } from '../i18n/translate.ts';

const T0 = '2026-03-02T09:00:00.000Z';
export const PIXEL = 'data:image/jpeg;base64,/9j/4AAQ';

export function conferenceOf(over: Partial<Conference> = {}): Conference {
	return conferenceSchema.parse({
		id: 'conf-1',
		createdAt: T0,
		updatedAt: T0,
		kind: 'section',
		title: 'Chest rounds — March',
		sectionId: 'section-chest',
		modality: '',
		mode: 'hybrid',
		startsAt: '2026-03-12T16:00:00.000Z',
		endsAt: '2026-03-12T17:00:00.000Z',
		location: 'Room B2-104',
		meetingUrl: 'https://meet.example.org/chest',
		facilitatorIds: ['person-lead'],
		cmeCredits: 1.5,
		seriesId: '',
		status: 'held',
		caseIds: [],
		keyLearnings: '',
		publishedAt: null,
		...over
	});
}

export function caseOf(id: string, over: Partial<PresentationCase> = {}): PresentationCase {
	return caseSchema.parse({
		id,
		createdAt: T0,
		updatedAt: T0,
		conferenceId: 'conf-1',
		authorId: 'person-lead',
		sourceKind: 'submission',
		sourceId: `sub-${id}`,
		title: `Case ${id}`,
		history: `History of ${id}.`,
		findings: `Findings of ${id}.`,
		discussion: `Discussion of ${id}.`,
		teachingPoints: `Teaching point of ${id}.`,
		speakerNotes: `Notes for ${id}.`,
		images: [],
		acceptedHits: [],
		gatePassedAt: '2026-03-10T09:00:00.000Z',
		...over
	});
}

export function attendanceOf(userId: string, over: Partial<Attendance> = {}): Attendance {
	const conferenceId = over.conferenceId ?? 'conf-1';
	return attendanceSchema.parse({
		id: attendanceId(conferenceId, userId),
		createdAt: T0,
		updatedAt: T0,
		conferenceId,
		userId,
		method: 'qr',
		token: '',
		reason: '',
		recordedById: userId,
		...over
	});
}

let initialized = false;
function ensureInit() {
	if (initialized) return;
	initialized = true;
	init({ fallbackLocale: 'en', initialLocale: 'en' });
}
const areas = areaMessages();
/** The app's messages, formatted as svelte-i18n formats them. */
export function translator(locale: 'en' | 'fr'): Translate {
	const dict = locale === 'en' ? { ...en, ...areas.en } : { ...fr, ...areas.fr };
	ensureInit();
	return (key, values) => {
		// svelte-i18n formats (plurals, numbers) in its current locale, as the app does.
		void currentLocale.set(locale);
		const msg = lookup(dict, key);
		return values ? String(getMessageFormatter(msg, locale).format(values)) : msg;
	};
}

/** Every string the document prints, in order. */
export function texts(content: PdfContent[] | PdfContent | string): string[] {
	if (typeof content === 'string') return [content];
	if (Array.isArray(content)) return content.flatMap((c) => texts(c));
	if ('table' in content) return content.table.body.flat().flatMap((c) => texts(c));
	const text: PdfText['text'] = content.text;
	return typeof text === 'string' ? [text] : text.flatMap((c) => texts(c));
}
