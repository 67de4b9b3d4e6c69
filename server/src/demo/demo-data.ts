import type { Person, Role } from '@rounds/shared/identity/identity.schema';
import type { Settings } from '@rounds/shared/org/settings.schema';
import type { Modality } from '@rounds/shared/common.schema';
import {
	emptyTriage,
	DISCREPANCY_TYPES,
	SOURCES,
	type Submission
} from '@rounds/shared/submissions/submission.schema';
import type { Feedback } from '@rounds/shared/submissions/feedback.schema';
import type { Notification } from '@rounds/shared/notifications/notification.schema';
import type { QiInitiative } from '@rounds/shared/reports/qi.schema';
import type { CollectionName } from '@rounds/shared/sync/registry';
import { buildDemoIq } from './demo-iq.ts';
import { buildDemoConferences } from './demo-conferences.ts';

/**
 * A deterministic, entirely synthetic organisation: two hospitals, two satellite sites, six
 * sections and modalities, ~40 people in every role, and a year of learning opportunities.
 * No real person or patient: names are invented, accession numbers are random.
 */
export const DEMO_PASSWORD = 'rounds-demo-2026';

export const DEMO_LOGINS: { email: string; what: string }[] = [
	{ email: 'director@demo.rounds.test', what: 'peer learning director (triages unrouted cases)' },
	{ email: 'chief.chest@demo.rounds.test', what: 'section chief, chest (also a radiologist)' },
	{ email: 'rad1@demo.rounds.test', what: 'radiologist (submits; receives feedback)' },
	{ email: 'rad2@demo.rounds.test', what: 'radiologist' },
	{ email: 'sono1@demo.rounds.test', what: 'sonographer' },
	{ email: 'lead.us@demo.rounds.test', what: 'ultrasound quality lead' },
	{ email: 'support@demo.rounds.test', what: 'administrative support' },
	{ email: 'leader@demo.rounds.test', what: 'leadership viewer (aggregates only)' },
	{ email: 'admin@demo.rounds.test', what: 'system administrator (people)' }
];

/** mulberry32: tiny, seedable, good enough for demo data. */
function prng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (n: number) => Math.floor(next() * n),
		pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
		chance: (p: number) => next() < p
	};
}

export interface DemoData {
	people: Person[];
	docs: { collection: CollectionName; doc: { id: string } & Record<string, unknown> }[];
}

const SITES = [
	{ id: 'site-lg', name: 'Lakeshore General', prefix: 'LG', satellite: false },
	{ id: 'site-rm', name: 'Riverside Memorial', prefix: 'RM', satellite: false },
	{ id: 'site-ng', name: 'Northgate Imaging Clinic', prefix: 'NG', satellite: true },
	{ id: 'site-ev', name: 'Eastview Community Imaging', prefix: 'EV', satellite: true }
] as const;
const SECTIONS = [
	{ id: 'sec-abdo', name: 'Abdominal', code: 'ABD', modalities: ['CT', 'MR', 'US'] },
	{ id: 'sec-chest', name: 'Chest', code: 'CHE', modalities: ['XR', 'CT'] },
	{ id: 'sec-msk', name: 'Musculoskeletal', code: 'MSK', modalities: ['XR', 'MR'] },
	{ id: 'sec-neuro', name: 'Neuroradiology', code: 'NEU', modalities: ['CT', 'MR'] },
	{ id: 'sec-peds', name: 'Pediatrics', code: 'PED', modalities: ['XR', 'US'] },
	{ id: 'sec-er', name: 'Emergency', code: 'EMR', modalities: ['XR', 'CT', 'US'] }
] as const;
const FIRST = [
	'Avery',
	'Jordan',
	'Morgan',
	'Riley',
	'Casey',
	'Quinn',
	'Rowan',
	'Sasha',
	'Elliot',
	'Noa',
	'Camille',
	'Mathis',
	'Léa',
	'Hugo',
	'Priya',
	'Kenji',
	'Amara',
	'Tomas',
	'Ines',
	'Malik'
];
const LAST = [
	'Ashford',
	'Belanger',
	'Castellan',
	'Dufresne',
	'Ellery',
	'Fairbank',
	'Gauthier',
	'Holloway',
	'Iverson',
	'Jolicoeur',
	'Kestrel',
	'Lindqvist',
	'Marchetti',
	'Nakamura',
	'Okafor',
	'Pelletier',
	'Quenneville',
	'Rasmussen',
	'Sorensen',
	'Tremblay'
];

const PHRASES: Record<Submission['reason'], string[]> = {
	discrepancy: [
		'Small pulmonary nodule in the right upper lobe not mentioned; visible on the prior study.',
		'Subtle non-displaced fracture of the distal radius, seen on follow-up imaging.',
		'Appendicitis suggested on ultrasound; CT the same day showed a normal appendix.',
		'Incidental adrenal nodule reported without a follow-up recommendation.',
		'Acute infarct in the left MCA territory called chronic; restricted diffusion present.'
	],
	'great-call': [
		'Early subtle signs of bowel ischemia identified and communicated promptly.',
		'Small pneumothorax on a supine film recognised; the team was called at once.',
		'Scaphoid fracture identified on the initial radiograph despite minimal displacement.'
	],
	'near-miss': [
		'Wrong-side marker noticed before the report was signed.',
		'Contrast allergy caught at protocol review before the scan.'
	],
	'interesting-case': [
		'Rare presentation of a common entity: a teaching example of atypical pneumonia.',
		'Classic imaging features of a congenital variant, worth showing at rounds.'
	],
	'system-issue': [
		'Priors from the satellite site were not available in PACS at the time of reading.',
		'Critical result paging failed overnight; the result reached the team by phone later.'
	]
};
const FINDING: Record<Submission['reason'], string> = {
	discrepancy: 'Missed or misinterpreted finding',
	'great-call': 'Great call',
	'near-miss': 'Near miss',
	'interesting-case': 'Teaching case',
	'system-issue': 'System issue'
};
const TEACHING: Record<Submission['reason'], string[]> = {
	discrepancy: [
		'Always compare with the prior study.',
		'Check the corners of the image.',
		'Add a follow-up recommendation for incidental findings.'
	],
	'great-call': [
		'Direct communication of critical findings changes outcomes.',
		'A systematic search pattern catches subtle findings.'
	],
	'near-miss': ['A pause before signing catches laterality errors.'],
	'interesting-case': ['Know the atypical appearance of common diseases.'],
	'system-issue': ['Escalate missing priors to the PACS team the same day.']
};

/** Builds the demo organisation and a year of activity ending at `today`. */
export function buildDemoData(today: Date, seed = 2026): DemoData {
	const r = prng(seed);
	// Nothing may happen after `today` (the seeding instant), whatever its time of day.
	const clamp = (ms: number) => new Date(Math.min(ms, today.getTime())).toISOString();
	const at = (daysAgo: number, hour = 9) => {
		const d = new Date(today.getTime() - daysAgo * 86_400_000);
		d.setUTCHours(hour, r.int(60), 0, 0);
		return clamp(d.getTime());
	};
	/** A moment `min`–`max` hours after `iso`: each step of a case follows the previous one. */
	const later = (iso: string, min: number, max: number) =>
		clamp(Date.parse(iso) + Math.round((min + r.next() * (max - min)) * 60) * 60_000);
	const t0 = at(365);
	const docs: DemoData['docs'] = [];
	const settings = (s: Omit<Settings, 'createdAt' | 'updatedAt' | 'active'>) =>
		docs.push({
			collection: 'settings',
			doc: { ...s, createdAt: t0, updatedAt: t0, active: true }
		});

	for (const s of SITES)
		settings({
			id: s.id,
			kind: 'site',
			name: s.name,
			data: {
				hospital: s.satellite ? 'Lakeshore General' : s.name,
				satellite: s.satellite,
				accessionPattern: `${s.prefix}\\d{8}`,
				accessionExample: `${s.prefix}26001234`
			}
		});
	for (const s of SECTIONS)
		settings({
			id: s.id,
			kind: 'section',
			name: s.name,
			data: { code: s.code, modalities: [...s.modalities] }
		});
	settings({
		id: 'program',
		kind: 'program',
		name: 'Lakeshore–Riverside Peer Learning Program',
		data: {
			name: 'Lakeshore–Riverside Peer Learning Program',
			viewerUrlTemplate: 'https://pacs.example.invalid/viewer?accession={accession}',
			offlineHours: 12
		}
	});
	settings({
		id: 'tpl-feedback',
		kind: 'feedback-template',
		name: 'Learning opportunity',
		data: {
			kind: 'feedback',
			body: 'Hello,\n\nA colleague shared this case as a learning opportunity. It is sent to you privately and is not part of any performance evaluation. We thought you would want to see the follow-up. Feel free to reply with your thoughts.\n\nThank you for your work.'
		}
	});
	settings({
		id: 'tpl-recognition',
		kind: 'feedback-template',
		name: 'Great call',
		data: {
			kind: 'recognition',
			body: 'Hello,\n\nA colleague flagged this case as a great call. Your finding made a difference for this patient and is a fine example for everyone. Thank you!'
		}
	});
	settings({
		id: `policy-${today.getUTCFullYear()}`,
		kind: 'target-policy',
		name: `Targets ${today.getUTCFullYear()}`,
		data: {
			year: today.getUTCFullYear(),
			version: 1,
			editedById: '',
			note: '',
			supersededAt: null,
			attendance: {
				total: { minimum: 3, encouraged: 10 },
				department: { minimum: 0, encouraged: null },
				subspecialty: { minimum: 0, encouraged: null }
			},
			submissions: { per: 'month', count: 1, prorateByFte: true },
			conferences: { total: null, department: 4, perSection: 4, sections: [] },
			iqReviews: { perReviewer: 4, period: 'month' },
			reminders: { midPeriodDay: 15, upcomingConferences: true }
		}
	});

	// People: fixed demo logins first, then a synthetic department.
	const people: Person[] = [];
	let nameIx = 0;
	const person = (id: string, email: string, roles: Role[], over: Partial<Person> = {}) => {
		// 20 × 20 combinations walked so that no two of the first 400 people share a name.
		const name = `${FIRST[nameIx % FIRST.length]} ${LAST[(nameIx * 7 + Math.floor(nameIx / FIRST.length)) % LAST.length]}`;
		nameIx++;
		const p: Person = {
			id,
			createdAt: t0,
			updatedAt: t0,
			email,
			name: roles.includes('radiologist') ? `Dr ${name}` : name,
			roles,
			siteIds: [r.pick(SITES).id],
			sectionIds: [],
			modalities: [],
			chiefOfSectionIds: [],
			leadOfModalities: [],
			fte: 1,
			active: true,
			locale: nameIx % 5 === 0 ? 'fr' : 'en',
			...over
		};
		people.push(p);
		return p;
	};
	const mail = (local: string) => `${local}@demo.rounds.test`;
	person('u-director', mail('director'), ['peer_learning_director', 'radiologist'], {
		sectionIds: ['sec-abdo'],
		siteIds: ['site-lg']
	});
	person('u-chief-chest', mail('chief.chest'), ['radiologist', 'section_chief'], {
		sectionIds: ['sec-chest'],
		chiefOfSectionIds: ['sec-chest'],
		siteIds: ['site-lg']
	});
	person('u-rad1', mail('rad1'), ['radiologist'], {
		sectionIds: ['sec-chest'],
		siteIds: ['site-lg'],
		modalities: ['CT', 'XR']
	});
	person('u-rad2', mail('rad2'), ['radiologist'], {
		sectionIds: ['sec-chest', 'sec-er'],
		siteIds: ['site-rm'],
		fte: 0.8
	});
	person('u-sono1', mail('sono1'), ['sonographer'], { modalities: ['US'], siteIds: ['site-ng'] });
	person('u-lead-us', mail('lead.us'), ['modality_quality_lead', 'sonographer'], {
		modalities: ['US'],
		leadOfModalities: ['US'],
		siteIds: ['site-lg']
	});
	person('u-support', mail('support'), ['admin_support'], { siteIds: ['site-lg'] });
	person('u-leader', mail('leader'), ['leadership_viewer'], { siteIds: ['site-lg'] });
	person('u-admin', mail('admin'), ['system_admin'], { siteIds: ['site-lg'] });
	for (const s of SECTIONS.filter((s) => s.id !== 'sec-chest'))
		person(
			`u-chief-${s.code.toLowerCase()}`,
			mail(`chief.${s.code.toLowerCase()}`),
			['radiologist', 'section_chief'],
			{
				sectionIds: [s.id],
				chiefOfSectionIds: [s.id]
			}
		);
	for (let i = 3; i <= 14; i++)
		person(`u-rad${i}`, mail(`rad${i}`), ['radiologist'], {
			sectionIds: [r.pick(SECTIONS).id],
			fte: r.pick([1, 1, 1, 0.8, 0.6, 0.5])
		});
	for (const m of ['XR', 'CT', 'MR', 'MG', 'NM'] as Modality[])
		person(
			`u-lead-${m.toLowerCase()}`,
			mail(`lead.${m.toLowerCase()}`),
			['modality_quality_lead', 'technologist'],
			{
				modalities: [m],
				leadOfModalities: [m]
			}
		);
	for (let i = 1; i <= 8; i++) {
		const m = r.pick(['XR', 'CT', 'MR', 'MG', 'NM'] as Modality[]);
		person(`u-tech${i}`, mail(`tech${i}`), ['technologist'], {
			modalities: [m],
			fte: r.pick([1, 0.8, 0.5])
		});
	}
	person('u-sono2', mail('sono2'), ['sonographer'], { modalities: ['US'], siteIds: ['site-ev'] });
	for (let i = 3; i <= 5; i++)
		person(`u-sono${i}`, mail(`sono${i}`), ['sonographer'], { modalities: ['US'] });

	const radiologists = people.filter((p) => p.roles.includes('radiologist'));
	const chiefOf = (sectionId: string) =>
		people.find((p) => p.chiefOfSectionIds.includes(sectionId));

	// A year of learning opportunities. Older ones are mostly closed; recent ones still open.
	const reasons = [
		'discrepancy',
		'discrepancy',
		'discrepancy',
		'great-call',
		'great-call',
		'near-miss',
		'interesting-case',
		'system-issue'
	] as const;
	for (let i = 0; i < 150; i++) {
		const daysAgo = Math.floor((i / 150) * 360) + r.int(3);
		const reason = r.pick(reasons);
		// Cases without a section go to the director; two recent ones keep that queue alive.
		const section = i === 2 || i === 6 || r.chance(0.05) ? null : r.pick(SECTIONS);
		const site = r.pick(SITES);
		const triager = section ? chiefOf(section.id) : people[0]!;
		// A triager never triages their own submission (nor sends its feedback, which would
		// name them to the reader): their cases in their own queue are left to colleagues.
		const submitter = r.pick(radiologists.filter((p) => p.id !== triager?.id));
		// The triager never gives feedback on their own read: another chief would handle that.
		const reader =
			reason === 'system-issue'
				? null
				: r.pick(radiologists.filter((p) => p.id !== submitter.id && p.id !== triager?.id));
		const created = at(daysAgo, 8 + r.int(9));
		// The last three weeks still wait for triage, so every chief's board has work on it.
		const status: Submission['status'] =
			daysAgo > 60
				? r.chance(0.85)
					? 'closed'
					: 'in-review'
				: daysAgo > 21
					? r.pick(['in-review', 'closed', 'submitted'] as const)
					: 'submitted';
		const triaged = status !== 'submitted';
		const triagedAt = later(created, 4, 48);
		const sentAt = later(triagedAt, 1, 24);
		const closedAt = status === 'closed' ? later(sentAt, 24, 120) : null;
		const mayAffectCare = reason === 'discrepancy' && r.chance(0.3);
		const sub: Submission = {
			id: `demo-sub-${String(i + 1).padStart(3, '0')}`,
			createdAt: created,
			updatedAt: closedAt ?? (triaged ? triagedAt : created),
			submitterId: submitter.id,
			status,
			accession: `${site.prefix}${String(26_000_000 + r.int(999_999)).padStart(8, '0')}`,
			siteId: site.id,
			modality: r.pick(section?.modalities ?? ['CT', 'XR']),
			sectionId: section?.id ?? '',
			reason,
			discrepancyType: reason === 'discrepancy' ? r.pick(DISCREPANCY_TYPES) : null,
			source: r.pick(SOURCES),
			description: r.pick(PHRASES[reason]),
			teachingPoint: r.pick(TEACHING[reason]),
			mayAffectCare,
			careAction: mayAffectCare ? r.pick(['addendum', 'contact-referrer'] as const) : null,
			attested: mayAffectCare,
			originalReaderId: reader?.id ?? null,
			followUpOn: null,
			submittedAt: created,
			triage: triaged
				? {
						...emptyTriage(),
						findingType: FINDING[reason],
						errorCategory:
							reason === 'discrepancy'
								? r.pick(['perceptual', 'cognitive', 'communication'] as const)
								: reason === 'system-issue'
									? 'system'
									: 'none',
						clinicalSignificance:
							reason === 'discrepancy' ? r.pick(['none', 'minor', 'moderate'] as const) : 'none',
						conferenceFlag:
							reason === 'system-issue' ? 'department' : r.chance(0.35) ? 'section' : 'none',
						triagedById: triager?.id ?? null,
						triagedAt,
						closedAt
					}
				: emptyTriage()
		};
		docs.push({ collection: 'submissions', doc: sub });
		if (!triaged && triager)
			docs.push({
				collection: 'notifications',
				doc: notification(
					triager.id,
					'submission-routed',
					'New learning opportunity to triage',
					`${sub.modality} · ${sub.reason} · ${sub.accession}`,
					`/triage/${sub.id}`,
					created,
					sub.id,
					daysAgo > 5
				)
			});
		// Feedback loops in every state for triaged cases with a reader.
		if (triaged && reader && triager && r.chance(0.7)) {
			const state = r.pick(['sent', 'acknowledged', 'replied'] as const);
			const acknowledgedAt = state === 'sent' ? null : later(sentAt, 2, 72);
			const repliedAt = state === 'replied' && acknowledgedAt ? later(acknowledgedAt, 0, 1) : null;
			const fb: Feedback = {
				id: `demo-fb-${String(i + 1).padStart(3, '0')}`,
				createdAt: sentAt,
				updatedAt: repliedAt ?? acknowledgedAt ?? sentAt,
				submissionId: sub.id,
				readerId: reader.id,
				senderId: triager.id,
				sectionId: sub.sectionId,
				kind: reason === 'great-call' ? 'recognition' : 'feedback',
				status: state === 'sent' ? 'sent' : 'acknowledged',
				message:
					reason === 'great-call'
						? 'A colleague flagged this case as a great call. Thank you!'
						: 'A colleague shared this case as a learning opportunity. It is private and not part of any evaluation.',
				caseSummary: {
					accession: sub.accession,
					modality: sub.modality,
					reason: sub.reason,
					description: sub.description,
					teachingPoint: sub.teachingPoint
				},
				sentAt,
				acknowledgedAt,
				reply:
					state === 'replied' ? 'Thank you, I had not seen the follow-up. Much appreciated.' : '',
				repliedAt
			};
			docs.push({ collection: 'feedback', doc: fb });
			docs.push({
				collection: 'notifications',
				doc: notification(
					reader.id,
					'feedback-received',
					fb.kind === 'recognition' ? 'Recognition for a great call' : 'Peer learning feedback',
					`${sub.modality} · ${sub.accession}`,
					`/feedback/${fb.id}`,
					sentAt,
					fb.id,
					state !== 'sent'
				)
			});
		}
	}
	const qi: QiInitiative[] = [
		{
			id: 'demo-qi-1',
			createdAt: at(300),
			updatedAt: at(200),
			title: 'Prior studies from satellite sites available at reading time',
			ownerId: 'u-director',
			status: 'completed',
			originKind: 'submission',
			startedOn: at(300).slice(0, 10),
			completedOn: at(200).slice(0, 10),
			outcome: 'Satellite priors now route to the main PACS within 5 minutes.'
		},
		{
			id: 'demo-qi-2',
			createdAt: at(120),
			updatedAt: at(120),
			title: 'Standard follow-up wording for incidental adrenal nodules',
			ownerId: 'u-chief-chest',
			status: 'active',
			originKind: 'conference',
			startedOn: at(120).slice(0, 10),
			completedOn: null,
			outcome: ''
		}
	];
	for (const q of qi) docs.push({ collection: 'qi_initiatives', doc: q });

	const iq = buildDemoIq({ people, sites: SITES, today, at0: t0, r });
	for (const t of iq.templates) docs.push({ collection: 'settings', doc: t });
	for (const e of iq.exams) docs.push({ collection: 'exams', doc: e });
	for (const v of iq.reviews) docs.push({ collection: 'iq_reviews', doc: v });
	for (const n of iq.notifications) docs.push({ collection: 'notifications', doc: n });

	const conf = buildDemoConferences({ people, sections: SECTIONS, today, r });
	for (const k of conf.keys) docs.push({ collection: 'settings', doc: k });
	for (const c of conf.conferences) docs.push({ collection: 'conferences', doc: c });
	for (const c of conf.cases) docs.push({ collection: 'cases', doc: c });
	for (const a of conf.attendance) docs.push({ collection: 'attendance', doc: a });
	return { people, docs };
}

function notification(
	userId: string,
	kind: Notification['kind'],
	title: string,
	body: string,
	link: string,
	at: string,
	key: string,
	read: boolean
): Notification {
	return {
		id: `n:${key}:${userId}`.slice(0, 64),
		createdAt: at,
		updatedAt: at,
		userId,
		kind,
		title,
		body,
		link,
		readAt: read ? at : null
	};
}
