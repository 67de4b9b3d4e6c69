import { z } from 'zod';

/** Primary keys: client-generated, URL-safe, bounded (RxDB requires maxLength on primary keys). */
export const id = z
	.string()
	.min(1)
	.max(64)
	.regex(/^[A-Za-z0-9_.:-]+$/, 'Use letters, digits, "_", "-", "." or ":"');
export const isoDateTime = z.iso.datetime({ offset: true }).max(40);
export const isoDate = z.iso.date();
export const shortText = (max = 200) => z.string().trim().max(max);
export const longText = (max = 4000) => z.string().max(max);

/** Fields every replicated document carries. `updatedAt` is device time: informational only. */
export const baseDoc = {
	id,
	createdAt: isoDateTime,
	updatedAt: isoDateTime
};

export const MODALITIES = ['XR', 'CT', 'MR', 'US', 'MG', 'NM'] as const;
export const modality = z.enum(MODALITIES);
export type Modality = z.infer<typeof modality>;
