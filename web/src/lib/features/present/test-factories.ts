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
