import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDetector, memoized, type IdentifierKind } from './identifiers.ts';

// Synthetic directory: a few names that are also words or eponyms, to keep the detector honest.
const DIRECTORY = [
	'Marie-Claude Tremblay',
	'Jean-François Bélanger',
	'Olusegun Adeyemi',
	'Priya Raghunathan',
	'Wojciech Kowalczyk',
	"Siobhan O'Sullivan",
	'Hélène Côté-Gagnon',
	'Sarah White',
	'Tom Baker',
	'John Smith',
	'April Mass'
];
const detect = createDetector({
	accessionPatterns: ['LG\\d{8}', '^NH-\\d{6}$'],
	names: DIRECTORY
});
const kinds = (text: string) => detect(text, 'history').map((h) => `${h.kind}:${h.text}`);

describe('identifier detector', () => {
	it('finds each kind, with offsets into the original text and the field', () => {
		const text = 'Seen by Dr Bélanger on 12 March 2026, accession LG26001234.';
		const hits = detect(text, 'findings');
		expect(hits.map((h) => [h.kind, h.text])).toEqual([
			['name', 'Dr Bélanger'],
			['date', '12 March 2026'],
			['accession', 'LG26001234']
		]);
		for (const h of hits) {
			expect(text.slice(h.start, h.end)).toBe(h.text);
			expect(h.field).toBe('findings');
		}
	});

	it.each([
		['site pattern', 'acc NH-123456 done', 'accession:NH-123456'],
		['site pattern, any case', 'ref lg26001234', 'accession:lg26001234'],
		['generic letters and digits', 'see XR2026001 and 2026LG0001', 'accession:XR2026001'],
		['MRN plain', 'MRN 1234567', 'mrn:1234567'],
		['MRN with separators', 'chart 123-456-789 reviewed', 'mrn:123-456-789'],
		['MRN with spaces', 'no 123 456 789', 'mrn:123 456 789'],
		['MRN after a label', 'MRN.1234567', 'mrn:1234567'],
		['ISO date', 'DOB 1961-04-05', 'date:1961-04-05'],
		['d/m/y', 'exam 05/04/2026', 'date:05/04/2026'],
		['m/d/y short year', 'on 4/15/26', 'date:4/15/26'],
		['dotted', 'le 12.03.2026', 'date:12.03.2026'],
		['compact ISO', 'study 20260312', 'date:20260312'],
		['day month year', 'on 12 March 2026', 'date:12 March 2026'],
		['month day, year', 'on March 12, 2026', 'date:March 12, 2026'],
		['abbreviated', 'on 12-Mar-2026', 'date:12-Mar-2026'],
		['French', 'le 1er février 2026', 'date:1er février 2026'],
		['French, no accent', 'le 3 fevrier', 'date:3 fevrier'],
		['French août', 'le 15 août 2025', 'date:15 août 2025'],
		['month and year', 'since 03/2026', 'date:03/2026'],
		['capital May', 'seen May 3', 'date:May 3'],
		['NA phone', 'call (613) 555-0123', 'phone:(613) 555-0123'],
		['NA phone dotted', 'call 613.555.0123', 'phone:613.555.0123'],
		['NA phone +1', 'call +1 613 555 0123 ext 42', 'phone:+1 613 555 0123 ext 42'],
		['international', 'tel +33 1 23 45 67 89', 'phone:+33 1 23 45 67 89'],
		['UK', 'tel +44 20 7946 0958', 'phone:+44 20 7946 0958'],
		['email', 'mail j.doe+rounds@hospital.example.ca', 'email:j.doe+rounds@hospital.example.ca'],
		['first and last', 'read by marie-claude tremblay', 'name:marie-claude tremblay'],
		['accents ignored', 'read by Helene Cote-Gagnon', 'name:Helene Cote-Gagnon'],
		['accents added', 'Dr Côté', 'name:Dr Côté'],
		['title and surname', 'Dre Raghunathan agreed', 'name:Dre Raghunathan'],
		['distinctive surname alone', 'Kowalczyk missed it', 'name:Kowalczyk'],
		['possessive', "Adeyemi's read", "name:Adeyemi's"],
		['surname, first', 'Tremblay, Marie-Claude', 'name:Tremblay, Marie-Claude'],
		['initial', 'J.-F. Bélanger', 'name:J.-F. Bélanger'],
		['apostrophe', 'Dr O’Sullivan', 'name:Dr O’Sullivan'],
		['common surname with a title', 'Dr White called', 'name:Dr White'],
		['common surname with first name', 'Tom Baker called', 'name:Tom Baker']
	])('finds %s', (_label, text, expected) => {
		expect(kinds(text)).toContain(expected);
	});

	it('keeps one hit per place: an email is not also a name, a date not also an MRN', () => {
		expect(kinds('kowalczyk@hospital.example.ca on 2026-03-12')).toEqual([
			'email:kowalczyk@hospital.example.ca',
			'date:2026-03-12'
		]);
	});

	it('finds the source’s own accession number given as a literal', () => {
		const d = createDetector({ literals: ['Q-77'] });
		expect(d('exam q-77 reviewed', 'title').map((h) => h.text)).toEqual(['q-77']);
	});

	it('skips invalid site patterns and patterns that match nothing', () => {
		const d = createDetector({ accessionPatterns: ['(', '', 'a*', '\\d+'] });
		expect(d('a plain sentence, segment 7, 12 mm', 'title')).toEqual([]);
	});

	it('memoized: reads a field again only when its text changed', () => {
		let calls = 0;
		const d = memoized((text, field) => {
			calls++;
			return detect(text, field);
		});
		expect(d('Dr Kowalczyk', 'history')).toHaveLength(1);
		expect(d('Dr Kowalczyk', 'history')).toHaveLength(1);
		expect(d('Dr Kowalczyk', 'findings')).toHaveLength(1);
		expect(calls).toBe(2);
		expect(d('Dr K', 'history')).toEqual([]);
		expect(calls).toBe(3);
	});

	it('maps offsets back through text that folding lengthens (œ, ß)', () => {
		const text = 'cœur Straße, Dr Kowalczyk';
		const [hit] = detect(text, 'history');
		expect(hit?.text).toBe('Dr Kowalczyk');
		expect(text.slice(hit!.start, hit!.end)).toBe('Dr Kowalczyk');
	});
});

// Realistic clinical text: numbers everywhere, no identifiers.
const CLINICAL = [
	'3 cm lesion in segment 7.',
	'T2 hyperintense, T1 hypointense.',
	'Follow-up in 6 months.',
	'Lesion in segment 7 may represent FNH.',
	'There is a mass in the right upper lobe measuring 2.5 x 1.8 cm.',
	'BI-RADS 4, LI-RADS 5, PI-RADS 3.',
	'Disc bulge at L4-L5 and L5-S1.',
	'Measures 12 x 15 x 20 mm on series 3 image 45.',
	'Enhancement of 120 HU in the arterial phase, 85 HU on delay.',
	'Nodule of 8 mm, Fleischner 2017 guidelines apply.',
	'Baker cyst and a Smith fracture of the distal radius.',
	'Periventricular white matter changes, Fazekas grade 2.',
	'Compared with the prior study from 2019-2021 series.',
	'The 1.5 T and 3 T scanners were used.',
	'Dose length product 450 mGy·cm, CTDIvol 12.3 mGy.',
	'Blood pressure 120/80, heart rate 72.',
	'Gleason 3+4=7 on biopsy, PSA 6.2.',
	'Ejection fraction 55 %, grade 1 diastolic dysfunction.',
	'COVID-19 pneumonia with ground-glass opacities.',
	'A 45-year-old with chest pain for 3 days.',
	'Bosniak IIF cyst, recommend follow-up at 6 and 12 months.',
	'Lésion de 3 cm au segment 7, hyperintense en T2.',
	'Suivi dans 6 mois; masse du lobe supérieur droit.',
	'C5-C6 and T12 compression, 20 % height loss.',
	'Contrast 100 mL at 4 mL/s, delay 70 s.',
	'HbA1c 7.2 %, eGFR 58.',
	'Hounsfield units of -20 suggest fat; Crohn disease of the terminal ileum.',
	'Kerley B lines and a Hampton hump.',
	'The white lesion may grow; mark the mass for biopsy.'
];

describe('false positives on clinical text', () => {
	it.each(CLINICAL)('finds nothing in "%s"', (sentence) => {
		expect(kinds(sentence)).toEqual([]);
	});

	it('finds nothing in any mix of clinical sentences (property)', () => {
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...CLINICAL), { minLength: 1, maxLength: 12 }), (ss) => {
				expect(kinds(ss.join(' '))).toEqual([]);
			}),
			{ numRuns: 300 }
		);
	});
});

// Generators of identifiers of each kind.
const digits = (n: number) =>
	fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const upper = (min: number, max: number) =>
	fc.string({
		unit: fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ'),
		minLength: min,
		maxLength: max
	});
const MONTHS_EN = [
	'January',
	'February',
	'March',
	'April',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
];
const MONTHS_FR = [
	'janvier',
	'février',
	'mars',
	'avril',
	'mai',
	'juin',
	'juillet',
	'août',
	'septembre',
	'octobre',
	'novembre',
	'décembre'
];
const pad = (n: number) => String(n).padStart(2, '0');

const planted: Record<IdentifierKind, fc.Arbitrary<string>> = {
	accession: fc.oneof(
		digits(8).map((d) => `LG${d}`),
		digits(6).map((d) => `NH-${d}`),
		fc.tuple(upper(1, 4), fc.integer({ min: 5, max: 9 }).chain(digits)).map(([l, d]) => l + d)
	),
	mrn: fc.oneof(
		fc
			.integer({ min: 6, max: 9 })
			.chain(digits)
			.filter((d) => !/^(19|20)\d{2}(0[1-9]|1[0-2])/.test(d)),
		fc
			.tuple(digits(3), digits(3), digits(3), fc.constantFrom('-', ' ', '.'))
			.map(([a, b, c, s]) => [a, b, c].join(s))
	),
	date: fc
		.tuple(
			fc.integer({ min: 1930, max: 2030 }),
			fc.integer({ min: 1, max: 12 }),
			fc.integer({ min: 1, max: 28 }),
			fc.integer({ min: 0, max: 6 })
		)
		.map(
			([y, m, d, f]) =>
				[
					`${y}-${pad(m)}-${pad(d)}`,
					`${pad(d)}/${pad(m)}/${y}`,
					`${m}/${d}/${String(y).slice(2)}`,
					`${d} ${MONTHS_EN[(m - 1) % 11]} ${y}`,
					`${MONTHS_EN[(m - 1) % 11]} ${d}, ${y}`,
					`${d} ${MONTHS_FR[m - 1]} ${y}`,
					`${pad(d)}.${pad(m)}.${y}`
				][f]!
		),
	phone: fc
		.tuple(
			fc.integer({ min: 200, max: 999 }),
			digits(3),
			digits(4),
			fc.integer({ min: 0, max: 5 }),
			digits(8)
		)
		.map(
			([a, b, c, f, intl]) =>
				[
					`(${a}) ${b}-${c}`,
					`${a}-${b}-${c}`,
					`${a}.${b}.${c}`,
					`+1 ${a} ${b} ${c}`,
					`+33 1 ${intl.slice(0, 2)} ${intl.slice(2, 4)} ${intl.slice(4, 6)} ${intl.slice(6)}`,
					`+44 20 ${intl.slice(0, 4)} ${intl.slice(4)}`
				][f]!
		),
	email: fc
		.tuple(
			fc.stringMatching(/^[a-z][a-z0-9._]{0,10}[a-z0-9]$/),
			fc.constantFrom('hospital.example.ca', 'example.org', 'chu.example.fr')
		)
		.filter(([local]) => !local.includes('..'))
		.map(([local, domain]) => `${local}@${domain}`),
	name: fc
		.tuple(fc.constantFrom(...DIRECTORY.slice(0, 7)), fc.integer({ min: 0, max: 3 }), fc.boolean())
		.map(([full, f, lower]) => {
			const last = full.split(' ').at(-1)!;
			const forms = [full, `Dr ${last}`, `Dre. ${last}`, last];
			const s = forms[f]!;
			return lower ? s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '') : s;
		})
};

const FILLER = fc.constantFrom(
	...CLINICAL.flatMap((s) => s.replace(/[.;]$/, '').split(' ')),
	'the',
	'was',
	'seen',
	'on',
	'by',
	'patient',
	'report'
);
const SEPARATORS = fc.constantFrom(' ', ', ', ' (', ') ', ': ', '. ', ' — ', '\n');

describe('planted identifiers (property)', () => {
	for (const kind of Object.keys(planted) as IdentifierKind[]) {
		it(`finds every planted ${kind}, wherever it is`, () => {
			fc.assert(
				fc.property(
					fc.array(FILLER, { maxLength: 30 }),
					fc.array(fc.tuple(planted[kind], fc.nat(), SEPARATORS, SEPARATORS), {
						minLength: 1,
						maxLength: 4
					}),
					(words, plants) => {
						// Build the text, recording where each identifier went.
						const pieces = words.map((w) => ({ text: w, plant: false }));
						for (const [id, at, before, after] of plants)
							pieces.splice(at % (pieces.length + 1), 0, {
								text: `${before}${id}${after}`,
								plant: true
							});
						let text = '';
						const spans: { start: number; end: number; id: string }[] = [];
						for (const p of pieces) {
							if (text) text += ' ';
							if (p.plant) {
								const match = plants.find(([id, , b, a]) => p.text === `${b}${id}${a}`)!;
								const start = text.length + match[2].length;
								spans.push({ start, end: start + match[0].length, id: match[0] });
							}
							text += p.text;
						}
						const hits = detect(text, 'history');
						for (const s of spans) {
							const hit = hits.find((h) => h.start <= s.start && h.end >= s.end);
							expect(hit, `${s.id} in ${JSON.stringify(text)}`).toBeDefined();
							expect(hit!.kind, `${s.id} in ${JSON.stringify(text)}`).toBe(kind);
						}
					}
				),
				{ numRuns: 400 }
			);
		});
	}
});
