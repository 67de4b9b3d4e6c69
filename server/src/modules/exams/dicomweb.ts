import { z } from 'zod';
import type { Modality } from '@rounds/shared/common.schema';
import { dicomCodesOf, modalityOf, type RowIssue, type SourceRow } from './exam-import.ts';

/**
 * A QIDO-RS client (DICOM PS3.18 §10.6) for the study worklist. It asks the PACS for studies in a
 * date range, one query per DICOM modality code, and turns the DICOM JSON answer (PS3.18 §F.2)
 * into import rows. Anything unexpected (unreachable, slow, an HTTP error, a body that is not
 * DICOM JSON) is a `PacsError` with a message the user can act on; nothing is half-read.
 */

export class PacsError extends Error {}

export interface StudyQuery {
	/** YYYY-MM-DD, inclusive. */
	from: string;
	to: string;
	modalities: Modality[];
}

export interface QidoOptions {
	timeoutMs: number;
	maxStudies: number;
	fetch?: typeof fetch;
}

// Attribute tags (PS3.6), as DICOM JSON keys.
const TAG = {
	studyDate: '00080020',
	studyTime: '00080030',
	accession: '00080050',
	modalitiesInStudy: '00080061',
	institution: '00080080',
	description: '00081030',
	readers: '00081060',
	operators: '00081070',
	studyUid: '0020000D'
} as const;
/** Attributes beyond QIDO's default study-level set (PS3.18 Table 6.7.1-2). */
const INCLUDE = [TAG.institution, TAG.description, TAG.readers, TAG.operators];

const attribute = z.object({ vr: z.string().length(2), Value: z.array(z.unknown()).optional() });
const qidoAnswer = z.array(z.record(z.string().regex(/^[0-9A-Fa-f]{8}$/), attribute));
type Study = z.infer<typeof qidoAnswer>[number];

const strings = (s: Study, tag: string): string[] =>
	(s[tag]?.Value ?? []).filter((v): v is string => typeof v === 'string');

/** DICOM person names `Family^Given^Middle^Prefix^Suffix` (PS3.5 §6.2) as "Prefix Given Middle Family Suffix". */
export function personNameOf(pn: string): string {
	if (!pn.includes('^')) return pn.trim();
	const [family = '', given = '', middle = '', prefix = '', suffix = ''] = pn.split('^');
	return [prefix, given, middle, family, suffix]
		.map((x) => x.trim())
		.filter(Boolean)
		.join(' ');
}

const names = (s: Study, tag: string): string[] =>
	(s[tag]?.Value ?? [])
		.map((v) =>
			typeof v === 'string'
				? v
				: v && typeof v === 'object' && 'Alphabetic' in v && typeof v.Alphabetic === 'string'
					? v.Alphabetic
					: ''
		)
		.map(personNameOf)
		.filter(Boolean);

/** DA + TM (PS3.5 Table 6.2-1) as `YYYY-MM-DD HH:MM:SS`, the import's local date-time form. */
function dateTimeOf(da: string | undefined, tm: string | undefined): string {
	const d = /^(\d{4})(\d{2})(\d{2})$/.exec(da?.trim() ?? '');
	if (!d) return da ?? '';
	const t = /^(\d{2})(\d{2})?(\d{2})?/.exec(tm?.trim() ?? '');
	return `${d[1]}-${d[2]}-${d[3]} ${t?.[1] ?? '00'}:${t?.[2] ?? '00'}:${t?.[3] ?? '00'}`;
}

const compactDate = (iso: string) => iso.replaceAll('-', '');

async function qido(base: string, params: URLSearchParams, opts: QidoOptions): Promise<Study[]> {
	const url = `${base.replace(/\/+$/, '')}/studies?${params}`;
	const host = new URL(url).host;
	let res: Response;
	try {
		res = await (opts.fetch ?? fetch)(url, {
			headers: { accept: 'application/dicom+json' },
			signal: AbortSignal.timeout(opts.timeoutMs)
		});
	} catch (e) {
		if (e instanceof DOMException && e.name === 'TimeoutError')
			throw new PacsError(
				`The PACS at ${host} did not answer within ${opts.timeoutMs >= 1000 ? Math.round(opts.timeoutMs / 1000) : opts.timeoutMs / 1000} seconds. Nothing was imported; try again later or a shorter date range.`
			);
		throw new PacsError(
			`The PACS at ${host} cannot be reached (${e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e)}). Nothing was imported.`
		);
	}
	// QIDO answers 204 when nothing matches (PS3.18 §8.3.4.4).
	if (res.status === 204) return [];
	if (!res.ok)
		throw new PacsError(
			`The PACS at ${host} answered HTTP ${res.status} to the study query. Nothing was imported.`
		);
	let body: unknown;
	try {
		const text = await res.text();
		body = text.trim() ? JSON.parse(text) : [];
	} catch (e) {
		if (e instanceof DOMException && e.name === 'TimeoutError')
			throw new PacsError(`The PACS at ${host} stopped answering mid-way. Nothing was imported.`);
		throw new PacsError(
			`The PACS at ${host} answered with something that is not DICOM JSON. Check the DICOMweb URL; nothing was imported.`
		);
	}
	const parsed = qidoAnswer.safeParse(body);
	if (!parsed.success)
		throw new PacsError(
			`The PACS at ${host} answered JSON that is not a list of DICOM studies. Check the DICOMweb URL; nothing was imported.`
		);
	return parsed.data;
}

/** The studies matching the query, as import rows (row = position by date) plus study-level issues. */
export async function queryStudies(
	base: string,
	q: StudyQuery,
	opts: QidoOptions
): Promise<{ rows: SourceRow[]; issues: RowIssue[] }> {
	const byUid = new Map<string, { study: Study; modalities: Set<Modality> }>();
	for (const m of q.modalities)
		for (const code of dicomCodesOf(m)) {
			const params = new URLSearchParams({
				StudyDate: `${compactDate(q.from)}-${compactDate(q.to)}`,
				ModalitiesInStudy: code,
				limit: String(opts.maxStudies + 1)
			});
			// One parameter per attribute: Orthanc does not split a percent-encoded comma list.
			for (const tag of INCLUDE) params.append('includefield', tag);
			for (const study of await qido(base, params, opts)) {
				const uid = strings(study, TAG.studyUid)[0] ?? `${code}:${byUid.size}`;
				const entry = byUid.get(uid) ?? { study, modalities: new Set<Modality>() };
				entry.modalities.add(m);
				byUid.set(uid, entry);
			}
			if (byUid.size > opts.maxStudies)
				throw new PacsError(
					`The PACS has more than ${opts.maxStudies} studies for this query: import a shorter date range.`
				);
		}
	const found = [...byUid.values()]
		.map(({ study, modalities }) => ({
			study,
			modalities,
			at: dateTimeOf(strings(study, TAG.studyDate)[0], strings(study, TAG.studyTime)[0])
		}))
		.sort((a, b) => a.at.localeCompare(b.at));
	const issues: RowIssue[] = [];
	const rows = found.map(({ study, modalities, at }, i): SourceRow => {
		const row = i + 1;
		const accession = strings(study, TAG.accession)[0] ?? '';
		// A study spanning two of the requested modalities cannot be filed under one of them.
		const mods = [...modalities];
		if (mods.length > 1)
			issues.push({
				row,
				column: 'modality',
				code: 'ambiguous-modality',
				value: mods.join(', '),
				message: `Study ${accession || '(no accession)'} holds ${mods.join(' and ')} images: it cannot be filed under one modality`
			});
		const one = (column: 'performer' | 'reader', tag: string, what: string) => {
			const list = [...new Set(names(study, tag))];
			if (list.length > 1)
				issues.push({
					row,
					column,
					code: 'several-people',
					value: list.join(', '),
					message: `The study lists several ${what} (${list.join(', ')}); the exam needs one`
				});
			return list[0] ?? '';
		};
		const modality = mods[0] ?? modalityOf(strings(study, TAG.modalitiesInStudy)[0] ?? '') ?? '';
		return {
			row,
			values: {
				accession,
				modality,
				performedAt: at,
				site: strings(study, TAG.institution)[0] ?? '',
				performer: one('performer', TAG.operators, 'operators'),
				reader: one('reader', TAG.readers, 'reading physicians'),
				description: strings(study, TAG.description)[0] ?? ''
			}
		};
	});
	return { rows, issues };
}
