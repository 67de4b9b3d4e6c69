import { MODALITIES, type Modality } from '@rounds/shared/common.schema';
import type { Person } from '@rounds/shared/identity/identity.schema';
import type { Exam } from '@rounds/shared/reviews/exam.schema';
import type { IqReview } from '@rounds/shared/reviews/iq-review.schema';
import { defaultCriteriaTemplates } from '@rounds/shared/reviews/default-templates';
import type { Notification } from '@rounds/shared/notifications/notification.schema';
import type { SettingsOf } from '@rounds/shared/org/settings.schema';

/** The demo's random source (see demo-data.ts). */
export interface Rand {
	next(): number;
	int(n: number): number;
	pick<T>(xs: readonly T[]): T;
	chance(p: number): boolean;
}

const DESCRIPTIONS: Record<Modality, string[]> = {
	XR: ['XR chest PA and lateral', 'XR wrist 3 views', 'XR knee AP and lateral', 'XR pelvis AP'],
	CT: ['CT head without contrast', 'CT chest with contrast', 'CT abdomen and pelvis with contrast'],
	MR: ['MR brain with and without contrast', 'MR lumbar spine', 'MR knee'],
	US: ['US abdomen complete', 'US pelvis transvaginal', 'US thyroid', 'US renal'],
	MG: ['MG screening bilateral', 'MG diagnostic left'],
	NM: ['NM bone scan whole body', 'NM myocardial perfusion', 'NM thyroid uptake']
};

const NO_REASONS: Record<Modality, string> = {
	XR: 'Side marker missing and collimation too wide: repeat exposure may be needed.',
	CT: 'Arms in the field caused streak artefact through the liver.',
	MR: 'Motion degraded the post-contrast sequences; the lesion cannot be assessed.',
	US: 'The liver was not imaged in the protocol set although it was requested.',
	MG: 'Pectoral muscle not to nipple level on MLO; posterior tissue excluded.',
	NM: 'Imaging started 40 minutes early; uptake not comparable to the reference.'
};

const LEARNING: Record<Modality, string> = {
	XR: 'A reminder for everyone: place the side marker before exposure and collimate to the region.',
	CT: 'Raising the arms above the head for body CT avoids streak artefact; use the positioning aid.',
	MR: 'Coach breath-holds before contrast and repeat a degraded sequence while the patient is on the table.',
	US: 'The abdominal protocol set includes liver views even when the request names one organ.',
	MG: 'For MLO, bring the pectoral muscle down to the nipple line; a second attempt is fine.',
	NM: 'Check the uptake timer before starting acquisition; the protocol sheet lists the window.'
};

interface Input {
	people: Person[];
	sites: readonly { id: string; prefix: string }[];
	today: Date;
	at0: string;
	r: Rand;
}

/** Month keys (YYYY-MM) of the last `n` months, oldest first, the current one last. */
function months(today: Date, n: number): string[] {
	const out: string[] = [];
	for (let i = n - 1; i >= 0; i--) {
		const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - i, 1));
		out.push(d.toISOString().slice(0, 7));
	}
	return out;
}
const lastDay = (month: string) => {
	const [y, m] = month.split('-').map(Number) as [number, number];
	return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/**
 * A year of the image-quality program: the shipped checklists, the worklist of exams each
 * month, two reviews per reviewer and month drawn fairly (never one's own exam), answers
 * with a few unmet criteria, and a handful escalated to the quality leads — old ones closed
 * with learning feedback, recent ones still open. The current month is still to do.
 */
export function buildDemoIq({ people, sites, today, at0, r }: Input) {
	const templates = defaultCriteriaTemplates(at0);
	const exams: Exam[] = [];
	const reviews: IqReview[] = [];
	const notifications: Notification[] = [];
	const radiologists = people.filter((p) => p.roles.includes('radiologist'));
	const stamp = (iso: string) => new Date(Math.min(Date.parse(iso), today.getTime())).toISOString();
	const thisMonth = today.toISOString().slice(0, 7);
	const todayDay = today.getUTCDate();
	let serial = 0;

	for (const month of months(today, 12)) {
		const current = month === thisMonth;
		for (const m of MODALITIES) {
			const template = templates.find((t) => t.data.modality === m)!;
			const reviewers = people.filter(
				(p) =>
					p.active &&
					p.modalities.includes(m) &&
					p.roles.some((x) => x === 'technologist' || x === 'sonographer')
			);
			if (reviewers.length < 2) continue;
			const perReviewer = current ? (m === 'US' ? 4 : 2) : 2;
			const count = reviewers.length * perReviewer + 3;
			const monthExams: Exam[] = [];
			for (let i = 0; i < count; i++) {
				const site = r.pick(sites);
				// This month's exams are from its first days, so none lies in the future.
				const dayOfMonth = 1 + r.int(current ? Math.max(1, todayDay - 1) : 27);
				const performedAt = stamp(
					`${month}-${String(dayOfMonth).padStart(2, '0')}T${String(7 + r.int(10)).padStart(2, '0')}:${String(r.int(60)).padStart(2, '0')}:00.000Z`
				);
				const accession = `${site.prefix}${month.slice(2, 4)}${String(100000 + serial++).padStart(6, '0')}`;
				const exam: Exam = {
					id: `exam-${site.id.slice(5)}-${accession}`,
					createdAt: performedAt,
					updatedAt: performedAt,
					accession,
					modality: m,
					siteId: site.id,
					performedAt,
					performerId: r.pick(reviewers).id,
					readerId: r.pick(radiologists).id,
					description: r.pick(DESCRIPTIONS[m]),
					importBatchId: `demo-${month}`
				};
				monthExams.push(exam);
			}
			exams.push(...monthExams);
			// Fair draw: reviewers in turn take the next exam they did not perform.
			const pool = [...monthExams];
			const runId = `demo-${m}-${month}`;
			for (let round = 0; round < perReviewer; round++)
				for (const reviewer of reviewers) {
					const ix = pool.findIndex((e) => e.performerId !== reviewer.id);
					if (ix < 0) continue;
					const exam = pool.splice(ix, 1)[0]!;
					const assignedAt = stamp(`${month}-01T06:00:00.000Z`);
					const base: IqReview = {
						id: `iq-${runId}-${exam.accession}`.slice(0, 64),
						createdAt: assignedAt,
						updatedAt: assignedAt,
						examId: exam.id,
						accession: exam.accession,
						modality: m,
						siteId: exam.siteId,
						examDescription: exam.description,
						performedAt: exam.performedAt,
						reviewerId: reviewer.id,
						performerId: exam.performerId,
						period: month,
						dueOn: current ? lastDay(month) : lastDay(month),
						templateId: template.id,
						templateVersion: template.data.version,
						runId,
						rule: `Random draw for ${m}, ${month} (demo run): ${perReviewer} reviews per reviewer, never your own exam, balanced across reviewers and sites`,
						status: 'assigned',
						answers: {},
						ranking: '',
						comment: '',
						attentionRequired: false,
						attentionReason: '',
						declineReason: '',
						submittedAt: null,
						escalation: null,
						roundsCandidate: false
					};
					reviews.push(current ? base : answer(base, template, month));
				}
		}
	}

	/** A finished review of a past month: mostly met criteria, some escalated. */
	function answer(
		base: IqReview,
		template: SettingsOf<'criteria-template'>,
		month: string
	): IqReview {
		const submittedAt = stamp(
			`${month}-${String(10 + r.int(18)).padStart(2, '0')}T${String(8 + r.int(9)).padStart(2, '0')}:15:00.000Z`
		);
		if (r.chance(0.04))
			return {
				...base,
				status: 'declined',
				declineReason: 'I was involved in this patient’s care.',
				updatedAt: submittedAt
			};
		const answers: IqReview['answers'] = {};
		for (const c of template.data.criteria)
			answers[c.id] = c.allowNa && r.chance(0.25) ? 'na' : r.chance(0.88) ? 'yes' : 'no';
		const unmet = Object.values(answers).filter((a) => a === 'no').length;
		const scale = template.data.rankingScale;
		const ranking = scale[Math.min(scale.length - 1, unmet + (r.chance(0.3) ? 1 : 0))]!;
		const attention = unmet >= 2 && r.chance(0.5);
		const review: IqReview = {
			...base,
			status: 'submitted',
			answers,
			ranking,
			comment: unmet ? 'See the unmet criteria; otherwise a good exam.' : '',
			attentionRequired: attention,
			attentionReason: attention ? NO_REASONS[base.modality] : '',
			submittedAt,
			updatedAt: submittedAt
		};
		if (!attention) return review;
		const lead = people.find((p) => p.leadOfModalities.includes(base.modality));
		const recent = Date.parse(submittedAt) > today.getTime() - 45 * 86_400_000;
		if (!lead || recent) {
			if (lead)
				notifications.push({
					id: `n:attention:${review.id}:${lead.id}`.slice(0, 64),
					createdAt: submittedAt,
					updatedAt: submittedAt,
					userId: lead.id,
					kind: 'attention-required',
					title: 'Image-quality review needs your attention',
					body: `${review.modality} · ${review.accession} · ${review.examDescription}`,
					link: `/iq/${review.id}`,
					readAt: null
				});
			return review;
		}
		const step = (hours: number) =>
			stamp(new Date(Date.parse(submittedAt) + hours * 3_600_000).toISOString());
		const agree = r.chance(0.75);
		const repeat = agree && r.chance(0.5);
		const closedAt = step(72);
		const learningNote = agree ? LEARNING[base.modality] : '';
		if (learningNote && review.performerId)
			notifications.push({
				id: `n:learning:${review.id}:${review.performerId}`.slice(0, 64),
				createdAt: closedAt,
				updatedAt: closedAt,
				userId: review.performerId,
				kind: 'learning-feedback',
				title: 'Image-quality learning feedback on an exam you performed',
				body: `${review.modality} · ${review.accession}: ${learningNote}`,
				link: '/inbox',
				readAt: r.chance(0.7) ? closedAt : null
			});
		return {
			...review,
			roundsCandidate: agree && r.chance(0.5),
			updatedAt: closedAt,
			escalation: {
				status: 'closed',
				assessment: agree ? r.pick(['agree', 'agree', 'uncertain'] as const) : 'disagree',
				radiologistConfirmation: agree ? 'Discussed with the reporting radiologist.' : '',
				repeatImaging: agree ? (repeat ? 'required' : 'not-required') : 'unknown',
				repeatCoordination: repeat ? 'Patient recalled; repeat done the same week.' : '',
				incidentRef:
					repeat && r.chance(0.3) ? `IR-${month.replace('-', '')}-${r.int(900) + 100}` : '',
				result: agree
					? 'Findings unchanged after review.'
					: 'Lead reviewed: image quality adequate.',
				learningNote,
				steps: [
					{ at: step(20), byId: lead.id, action: 'assessed', note: '' },
					...(agree
						? [{ at: step(30), byId: lead.id, action: 'radiologist-confirmed', note: '' }]
						: []),
					{ at: closedAt, byId: lead.id, action: 'closed', note: '' }
				]
			}
		};
	}

	// The ultrasound lead always has one escalation waiting (the demo's walkthrough needs it).
	const usLead = people.find((p) => p.leadOfModalities.includes('US'));
	const waiting = reviews.some(
		(rv) => rv.modality === 'US' && rv.attentionRequired && !rv.escalation
	);
	const latestUs = reviews
		.filter((rv) => rv.modality === 'US' && rv.status === 'submitted' && !rv.escalation)
		.sort((a, b) => (b.submittedAt ?? '').localeCompare(a.submittedAt ?? ''))[0];
	if (usLead && !waiting && latestUs) {
		latestUs.attentionRequired = true;
		latestUs.attentionReason = NO_REASONS.US;
		latestUs.answers = { ...latestUs.answers, 'image-set': 'no' };
		latestUs.ranking = 'Unacceptable';
		notifications.push({
			id: `n:attention:${latestUs.id}:${usLead.id}`.slice(0, 64),
			createdAt: latestUs.submittedAt!,
			updatedAt: latestUs.submittedAt!,
			userId: usLead.id,
			kind: 'attention-required',
			title: 'Image-quality review needs your attention',
			body: `US · ${latestUs.accession} · ${latestUs.examDescription}`,
			link: `/iq/${latestUs.id}`,
			readAt: null
		});
	}

	// Older declines were long since moved to someone else by a lead.
	const recent = months(today, 2)[0]!;
	for (const rv of reviews)
		if (rv.status === 'declined' && rv.period < recent) rv.status = 'reassigned';

	// Part of this month's work is already under way (sono1's is left for the walkthrough).
	for (const rv of reviews)
		if (rv.period === thisMonth && rv.reviewerId !== 'u-sono1' && r.chance(0.3)) {
			const t = templates.find((x) => x.id === rv.templateId)!;
			rv.status = 'draft';
			rv.answers = { [t.data.criteria[0]!.id]: 'yes' };
		}
	return { templates, exams, reviews, notifications };
}
