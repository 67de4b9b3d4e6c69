import {
	attendanceId,
	type Attendance,
	type Conference,
	type PresentationCase
} from '@rounds/shared/conferences/conference.schema';
import type { Person } from '@rounds/shared/identity/identity.schema';
import type { SettingsOf } from '@rounds/shared/org/settings.schema';
import type { Modality } from '@rounds/shared/common.schema';
import type { Rand } from './demo-iq.ts';

/** Synthetic, identifier-free teaching cases (they pass the anonymization gate as written). */
const CASES: {
	title: string;
	history: string;
	findings: string;
	discussion: string;
	points: string;
}[] = [
	{
		title: 'Subtle apical nodule behind the clavicle',
		history: 'Adult with a chronic cough; chest radiograph for follow-up.',
		findings:
			'A small nodule projects behind the medial right clavicle, present on the prior study.',
		discussion: 'Overlapping bone hides apical nodules; the comparison showed slow growth.',
		points:
			'Review the apices with the prior side by side. Use a lordotic view or CT when in doubt.'
	},
	{
		title: 'Great call: early appendicitis on ultrasound',
		history: 'Young adult with right lower quadrant pain; ultrasound first to limit radiation.',
		findings: 'Non-compressible tubular structure with surrounding echogenic fat.',
		discussion: 'Graded compression and a focused search made the diagnosis before CT.',
		points: 'Graded compression, measure the diameter, look for echogenic fat.'
	},
	{
		title: 'Missed scaphoid waist fracture',
		history: 'Fall on an outstretched hand; wrist radiographs read as normal.',
		findings: 'A faint lucent line crosses the scaphoid waist on the ulnar-deviated view.',
		discussion: 'Dedicated scaphoid views were available but not reviewed at the first read.',
		points: 'Always look at the scaphoid view. Recommend follow-up imaging when pain persists.'
	},
	{
		title: 'Incidental adrenal nodule: follow-up wording',
		history: 'Abdominal CT for flank pain; an adrenal nodule noted.',
		findings: 'A small, well-defined adrenal nodule with low attenuation.',
		discussion: 'Reports varied in recommending follow-up; the standard wording now applies.',
		points: 'Use the department template for incidental adrenal nodules.'
	},
	{
		title: 'Motion on post-contrast brain MR',
		history: 'Staging brain MR; the patient was anxious in the scanner.',
		findings: 'Post-contrast sequences degraded by motion; a small lesion uncertain.',
		discussion: 'A repeat sequence while on the table would have answered the question.',
		points: 'Check sequences before the patient leaves. Coach breath-holds and offer support.'
	},
	{
		title: 'Mammography positioning: pectoral muscle on MLO',
		history: 'Screening mammogram, technical recall.',
		findings: 'The pectoral muscle did not reach the nipple line on the MLO view.',
		discussion: 'Posterior tissue was excluded; the repeat view showed complete coverage.',
		points: 'Bring the pectoral muscle to the nipple line; a second attempt is fine.'
	},
	{
		title: 'Pulmonary embolism on a non-dedicated CT',
		history: 'Staging CT of the chest for a known malignancy.',
		findings: 'Filling defect in a segmental pulmonary artery, reported on the second read.',
		discussion: 'Vessels deserve a look on every contrast chest CT, even when not the question.',
		points: 'Add the pulmonary arteries to the search pattern on every contrast chest CT.'
	}
];

const LEARNINGS = [
	'Compare with the prior study side by side before calling a finding new.',
	'Use the department templates for incidental findings.',
	'Check image quality before the patient leaves the department.',
	'Search patterns catch what the clinical question does not ask about.'
];

interface Input {
	people: Person[];
	sections: readonly { id: string; name: string }[];
	today: Date;
	r: Rand;
}

/**
 * A year of conferences: monthly section conferences, quarterly department-wide conferences
 * and quarterly image-quality rounds per modality, each held one with an anonymized agenda,
 * attendance (mostly QR, some from a meeting report, a few by hand) and published learnings;
 * the next ones scheduled, and ultrasound image-quality rounds under way right now.
 */
export function buildDemoConferences({ people, sections, today, r }: Input) {
	const conferences: Conference[] = [];
	const keys: SettingsOf<'conference-key'>[] = [];
	const cases: PresentationCase[] = [];
	const attendance: Attendance[] = [];
	const active = people.filter((p) => p.active);
	const director = people.find((p) => p.roles.includes('peer_learning_director'))!;
	const admin = people.find((p) => p.roles.includes('admin_support')) ?? director;
	const t = today.getTime();
	const secret = () => {
		let s = '';
		for (let i = 0; i < 43; i++)
			s += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[r.int(64)];
		return s;
	};
	const at = (monthsFromNow: number, day: number, hour: number) => {
		const d = new Date(
			Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + monthsFromNow, day, hour)
		);
		return d.toISOString();
	};

	function add(
		c: Omit<
			Conference,
			| 'createdAt'
			| 'updatedAt'
			| 'caseIds'
			| 'keyLearnings'
			| 'publishedAt'
			| 'status'
			| 'cmeCredits'
		>,
		audience: Person[]
	) {
		const held = Date.parse(c.endsAt) < t;
		const created = new Date(Math.min(Date.parse(c.startsAt) - 20 * 86_400_000, t)).toISOString();
		const conf: Conference = {
			...c,
			createdAt: created,
			updatedAt: held ? c.endsAt : created,
			status: held ? 'held' : 'scheduled',
			cmeCredits: 1,
			caseIds: [],
			keyLearnings: '',
			publishedAt: null
		};
		keys.push({
			id: `key-${conf.id}`,
			createdAt: created,
			updatedAt: created,
			kind: 'conference-key',
			name: `Check-in key: ${conf.title}`.slice(0, 200),
			active: true,
			data: { conferenceId: conf.id, secret: secret(), facilitatorIds: conf.facilitatorIds }
		});
		const author = conf.facilitatorIds[0]!;
		if (held || Date.parse(c.startsAt) - t < 21 * 86_400_000) {
			const n = held ? 2 + r.int(2) : 1;
			const offset = r.int(CASES.length);
			for (let i = 0; i < n; i++) {
				const tpl = CASES[(offset + i) % CASES.length]!;
				const pc: PresentationCase = {
					id: `case-${conf.id.slice(5)}-${i + 1}`,
					createdAt: created,
					updatedAt: created,
					conferenceId: conf.id,
					authorId: author,
					sourceKind: 'other',
					sourceId: '',
					title: tpl.title,
					history: tpl.history,
					findings: tpl.findings,
					discussion: tpl.discussion,
					teachingPoints: tpl.points,
					speakerNotes: 'Pause for the audience to look before revealing the finding.',
					images: [],
					acceptedHits: [],
					gatePassedAt: held || i === 0 ? created : null
				};
				cases.push(pc);
				conf.caseIds.push(pc.id);
			}
		}
		if (held) {
			conf.keyLearnings = r.pick(LEARNINGS);
			conf.publishedAt = new Date(Date.parse(conf.endsAt) + 3_600_000).toISOString();
			conf.updatedAt = conf.publishedAt;
			// The audience, and colleagues from elsewhere who came for the cases.
			const others = active.filter(
				(p) =>
					p.roles.some((x) => x === 'radiologist' || x === 'technologist' || x === 'sonographer') &&
					r.chance(0.2)
			);
			const pool = [...new Set([...audience, ...others])];
			for (const p of pool) {
				if (!r.chance(0.7)) continue;
				const method =
					conf.mode !== 'in-person' && r.chance(0.3)
						? 'virtual-import'
						: r.chance(0.05)
							? 'manual'
							: 'qr';
				attendance.push({
					id: attendanceId(conf.id, p.id),
					createdAt: new Date(Date.parse(conf.startsAt) + r.int(15) * 60_000).toISOString(),
					updatedAt: new Date(Date.parse(conf.startsAt) + r.int(15) * 60_000).toISOString(),
					conferenceId: conf.id,
					userId: p.id,
					method,
					token: '',
					reason:
						method === 'manual'
							? 'Signed the paper attendance sheet'
							: method === 'virtual-import'
								? 'Meeting attendance report'
								: '',
					recordedById: method === 'qr' ? p.id : admin.id
				});
			}
		}
		conferences.push(conf);
	}

	for (const s of sections) {
		const chief = people.find((p) => p.chiefOfSectionIds.includes(s.id));
		if (!chief) continue;
		const audience = active.filter((p) => p.sectionIds.includes(s.id) || p.id === chief.id);
		const seriesId = `series-${s.id}`;
		for (let m = -11; m <= 1; m++)
			add(
				{
					id: `conf-${s.id.slice(4)}-${at(m, 1, 0).slice(0, 7)}`,
					kind: 'section',
					title: `${s.name} peer learning conference`,
					sectionId: s.id,
					modality: '',
					mode: m % 3 === 0 ? 'hybrid' : 'in-person',
					startsAt: at(m, 12 + (s.name.length % 10), 12),
					endsAt: at(m, 12 + (s.name.length % 10), 13),
					location: 'Lakeshore General, conference room 4B',
					meetingUrl: m % 3 === 0 ? 'https://meet.example.invalid/rounds' : '',
					facilitatorIds: [chief.id],
					seriesId
				},
				audience
			);
	}
	for (let q = -3; q <= 0; q++)
		add(
			{
				id: `conf-dept-${at(q * 3, 1, 0).slice(0, 7)}`,
				kind: 'department',
				title: 'Department-wide peer learning rounds',
				sectionId: '',
				modality: '',
				mode: 'hybrid',
				startsAt: at(q * 3 + 1, 20, 16),
				endsAt: at(q * 3 + 1, 20, 17),
				location: 'Lakeshore General, auditorium',
				meetingUrl: 'https://meet.example.invalid/department-rounds',
				facilitatorIds: [director.id],
				seriesId: 'series-department'
			},
			active.filter((p) => p.roles.includes('radiologist'))
		);
	for (const m of ['XR', 'CT', 'MR', 'US', 'MG', 'NM'] as Modality[]) {
		const lead = people.find((p) => p.leadOfModalities.includes(m));
		if (!lead) continue;
		const audience = active.filter((p) => p.modalities.includes(m));
		for (let q = -3; q <= -1; q++)
			add(
				{
					id: `conf-iq-${m}-${at(q * 3, 1, 0).slice(0, 7)}`,
					kind: 'iq-rounds',
					title: `${m} image-quality rounds`,
					sectionId: '',
					modality: m,
					mode: 'in-person',
					startsAt: at(q * 3 + 2, 8, 7),
					endsAt: at(q * 3 + 2, 8, 8),
					location: 'Imaging department, teaching room',
					meetingUrl: '',
					facilitatorIds: [lead.id],
					seriesId: `series-iq-${m}`
				},
				audience
			);
	}
	// Ultrasound image-quality rounds under way now: present, check in, sign the sheet.
	const usLead = people.find((p) => p.leadOfModalities.includes('US'));
	if (usLead)
		add(
			{
				id: 'conf-iq-US-now',
				kind: 'iq-rounds',
				title: 'US image-quality rounds',
				sectionId: '',
				modality: 'US',
				mode: 'hybrid',
				startsAt: new Date(t - 10 * 60_000).toISOString(),
				endsAt: new Date(t + 50 * 60_000).toISOString(),
				location: 'Imaging department, teaching room',
				meetingUrl: 'https://meet.example.invalid/us-rounds',
				facilitatorIds: [usLead.id],
				seriesId: 'series-iq-US'
			},
			[]
		);
	return { conferences, keys, cases, attendance };
}
