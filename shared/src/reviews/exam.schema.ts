import { z } from 'zod';
import { baseDoc, id, isoDateTime, modality, shortText } from '../common.schema.ts';

/** An exam from the RIS/PACS worklist, candidate for image-quality review. */
export const examSchema = z.object({
	...baseDoc,
	accession: shortText(40).min(1),
	modality,
	siteId: id,
	performedAt: isoDateTime,
	performerId: id.nullable(),
	readerId: id.nullable(),
	description: shortText(200),
	importBatchId: shortText(64)
});
export type Exam = z.infer<typeof examSchema>;
