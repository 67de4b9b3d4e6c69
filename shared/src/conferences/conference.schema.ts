import { z } from 'zod';
import { baseDoc, id, isoDateTime, longText, modality, shortText } from '../common.schema.ts';

export const conferenceSchema = z.object({
	...baseDoc,
	kind: z.enum(['section', 'department', 'iq-rounds']),
	title: shortText(200).min(1),
	sectionId: z.union([id, z.literal('')]),
	modality: z.union([modality, z.literal('')]),
	mode: z.enum(['in-person', 'virtual', 'hybrid']),
	startsAt: isoDateTime,
	endsAt: isoDateTime,
	location: shortText(200),
	meetingUrl: shortText(300),
	facilitatorIds: z.array(id).max(10),
	cmeCredits: z.number().min(0).max(20),
	seriesId: shortText(64),
	status: z.enum(['scheduled', 'held', 'cancelled']),
	caseIds: z.array(id).max(50),
	keyLearnings: longText(4000),
	publishedAt: isoDateTime.nullable()
});
export type Conference = z.infer<typeof conferenceSchema>;

/** An anonymized presentation case: its own record, no submitter, reader or patient ids. */
export const caseSchema = z.object({
	...baseDoc,
	conferenceId: id,
	authorId: id,
	sourceKind: z.enum(['submission', 'iq-review', 'other']),
	/** The flagged submission or IQ review it was prepared from ('' for other); never copied from. */
	sourceId: z.union([id, z.literal('')]),
	title: shortText(200).min(1),
	history: longText(4000),
	findings: longText(4000),
	discussion: longText(4000),
	teachingPoints: longText(4000),
	speakerNotes: longText(4000),
	/**
	 * Key images, re-encoded in the browser (JPEG, no metadata, at most 1280 px, under 400 kB) before they are
	 * stored; the lead confirms each was checked for burned-in text.
	 */
	images: z
		.array(
			z.object({
				id,
				dataUrl: z
					.string()
					.max(400_000)
					.regex(/^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/=]+$/, 'Not an image'),
				caption: shortText(200),
				burnedInChecked: z.boolean()
			})
		)
		// Four images stay under one push's size limit (MAX_PUSH_BYTES) with the text.
		.max(4),
	/** Detector hits the lead accepted as not identifying (recorded: who, when). */
	acceptedHits: z.array(z.object({ text: shortText(200), byId: id, at: isoDateTime })).max(100),
	/** Set when the anonymization gate last passed; any later edit must pass it again. */
	gatePassedAt: isoDateTime.nullable()
});
export type PresentationCase = z.infer<typeof caseSchema>;

export const attendanceSchema = z.object({
	...baseDoc,
	conferenceId: id,
	userId: id,
	method: z.enum(['qr', 'virtual-import', 'manual']),
	token: shortText(200),
	reason: shortText(500),
	recordedById: id
});
export type Attendance = z.infer<typeof attendanceSchema>;

/**
 * One attendance record per person and conference, by construction: a second check-in (or an
 * import listing someone who scanned in) is the same document. Long ids are hashed to fit.
 */
export function attendanceId(conferenceId: string, userId: string): string {
	const plain = `att-${conferenceId}-${userId}`;
	if (plain.length <= 64) return plain;
	// FNV-1a over the pair, twice with different offsets: short, stable, no crypto needed.
	const fnv = (s: string, h: number) => {
		for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
		return h.toString(16).padStart(8, '0');
	};
	const key = `${conferenceId}|${userId}`;
	return `att-${fnv(key, 2166136261)}${fnv(key, 84696351)}`;
}
