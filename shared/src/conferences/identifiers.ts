/**
 * Finds what could identify a patient, a reader or a submitter in the free text of a
 * presentation case: accession numbers, MRN-like numbers, dates, phone numbers, email addresses
 * and the names of people in the directory. Pure; the anonymization gate (gate.ts) builds on it.
 *
 * It errs towards finding too much: a hit the lead judges harmless is accepted, a miss is shown
 * to a room. Only clinical text that is known to look like numbers (sizes, segments, sequences,
 * follow-up intervals) is kept clear of hits, so the lead is not trained to accept everything.
 */

export const IDENTIFIER_KINDS = ['email', 'accession', 'date', 'phone', 'mrn', 'name'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export interface IdentifierHit {
	kind: IdentifierKind;
	/** The text as written (original case and accents). */
	text: string;
	/** Offsets in the original text, end exclusive. */
	start: number;
	end: number;
	/** Which field of the case it was found in ('history', 'image:<id>', …). */
	field: string;
}

export interface DetectorOptions {
	/** Sites' accession patterns (regular expression sources, as in settings kind 'site'). */
	accessionPatterns?: readonly string[];
	/** Names of the people in the directory. */
	names?: readonly string[];
	/** Exact identifiers known to belong to the case's source (its accession number). */
	literals?: readonly string[];
}

export type Detector = (text: string, field: string) => IdentifierHit[];

/**
 * Lowercases and strips accents; `from[i]`/`to[i]` map folded char i back to the original,
 * `at[j]` maps an original offset to the folded one.
 */
function fold(text: string): { folded: string; from: number[]; to: number[]; at: number[] } {
	let folded = '';
	const from: number[] = [];
	const to: number[] = [];
	const at: number[] = [];
	let i = 0;
	for (const ch of text) {
		const f = foldChar(ch);
		for (let k = 0; k < ch.length; k++) at.push(folded.length);
		for (let k = 0; k < f.length; k++) {
			from.push(i);
			to.push(i + ch.length);
		}
		folded += f;
		i += ch.length;
	}
	at.push(folded.length);
	return { folded, from, to, at };
}

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd' };
const foldCache = new Map<string, string>();
function foldChar(ch: string): string {
	const code = ch.charCodeAt(0);
	// ASCII is most of any text: lower-cased without the Unicode work below.
	if (code < 128) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
	let f = foldCache.get(ch);
	if (f === undefined) {
		f = foldOther(ch);
		if (foldCache.size < 4096) foldCache.set(ch, f);
	}
	return f;
}
function foldOther(ch: string): string {
	const lower = ch.toLowerCase();
	if (LIGATURES[lower]) return LIGATURES[lower];
	// Typographic apostrophes and dashes read as the plain ones ("O’Brien", "2026‑03‑12").
	if (/[\u2018\u2019\u02bc]/.test(ch)) return "'";
	if (/[\u2010-\u2015\u2212]/.test(ch)) return '-';
	if (/[\u00a0\u2007\u202f]/.test(ch)) return ' ';
	return lower.normalize('NFD').replace(/\p{M}/gu, '');
}

const foldString = (s: string) => fold(s).folded;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Word edges that understand letters beyond ASCII (folded text still has "ç"-less letters but
// may hold other scripts).
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';

const EMAIL = new RegExp(`${B}[a-z0-9._%+-]+@[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,}${E}`, 'gu');

const MONTHS = [
	// English
	'january',
	'february',
	'march',
	'april',
	'may',
	'june',
	'july',
	'august',
	'september',
	'october',
	'november',
	'december',
	'jan',
	'feb',
	'mar',
	'apr',
	'jun',
	'jul',
	'aug',
	'sep',
	'sept',
	'oct',
	'nov',
	'dec',
	// French (accents folded away)
	'janvier',
	'fevrier',
	'mars',
	'avril',
	'mai',
	'juin',
	'juillet',
	'aout',
	'septembre',
	'octobre',
	'novembre',
	'decembre',
	'janv',
	'fevr',
	'fev',
	'avr',
	'juil'
]
	.map(foldString)
	.sort((a, b) => b.length - a.length);
const MONTH = `(?:${MONTHS.join('|')})\\.?`;
// "may" is also a verb ("segment 7 may represent"): without a year it counts only as "May"
// written with a capital, found on the original text (MAY_DATE).
const MONTH_NOT_MAY = `(?:${MONTHS.filter((m) => m !== 'may').join('|')})\\.?`;
const DAY = '(?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th|er)?';
const YEAR4 = '(?:19|20)\\d{2}';
const YEAR = `(?:${YEAR4}|'?\\d{2})`;
const NUM_DAY = '(?:0?[1-9]|[12]\\d|3[01])';
const NUM_MONTH = '(?:0?[1-9]|1[0-2])';
const DATE = new RegExp(
	B +
		'(?:' +
		[
			// ISO and year-first: 2026-03-12, 2026/3/12, 2026.03.12, 20260312
			`${YEAR4}([-/.])${NUM_MONTH}\\1${NUM_DAY}`,
			`${YEAR4}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])`,
			// d/m/y and m/d/y (either order; both identify): 12/03/2026, 3-12-26, 12.03.2026
			`\\d{1,2}([-/.])\\d{1,2}\\2${YEAR}`,
			// month and year: 03/2026
			`${NUM_MONTH}/${YEAR4}`,
			// 12 March 2026, 1er mars, le 3 février 2026, 12-Mar-2026
			`${DAY}(?:\\s+|-)${MONTH}(?:\\s+|-|,\\s*)${YEAR4}`,
			`${DAY}(?:\\s+|-)${MONTH_NOT_MAY}`,
			// March 12, 2026 / Mar 12th / March 2026
			`${MONTH}\\s+${DAY},?\\s+${YEAR4}`,
			`${MONTH_NOT_MAY}\\s+${DAY}`,
			`${MONTH}\\s+${YEAR4}`
		].join('|') +
		')' +
		E,
	'gu'
);

const MAY_DATE = new RegExp(`${B}(?:May\\.?\\s+${DAY}|${DAY}\\s+May)${E}`, 'gu');

// Phones: North American (+1 613 555 0123, (613) 555-0123, 613.555.0123) and international
// (+33 1 23 45 67 89, +44 20 7946 0958, 0033 …), with an optional extension.
const PHONE = new RegExp(
	B +
		'(?:' +
		[
			`(?:\\+?1[\\s.-]?)?(?:\\(\\d{3}\\)\\s?|\\d{3}[\\s.-])\\d{3}[\\s.-]\\d{4}`,
			`(?:\\+?1[\\s.-]?)?\\d{10}`,
			`(?:\\+|00)[1-9]\\d{0,3}(?:[\\s.-]?\\(?\\d{1,4}\\)?){2,6}`
		].join('|') +
		`)(?:\\s*(?:x|ext\\.?|poste)\\s*\\d{1,5})?${E}`,
	'gu'
);
// Letters and at least five digits in one token (LG26001234, 2026LG0001, CT-2026-001234).
const TOKEN = /(?<![\p{L}\p{N}])[a-z0-9]+(?:-[a-z0-9]+)*(?![\p{L}\p{N}])/gu;
// Six or more digits, in groups joined by single spaces, dashes or dots (1234567, 123-456-789).
const DIGITS = /(?<![\p{L}\p{N}]|\d[.,])\d+(?:[ .-]\d+)*(?![\p{L}\p{N}])/gu;

const TITLES = [
	'dr',
	'dre',
	'doctor',
	'docteur',
	'docteure',
	'pr',
	'prof',
	'professor',
	'professeur',
	'professeure',
	'mr',
	'mrs',
	'ms',
	'miss',
	'mme',
	'mlle',
	'm'
];

/**
 * Surnames that are also everyday or clinical words (eponyms included) are only found with a
 * first name or a title: "Baker's cyst" or "a white lesion" must not read as a colleague.
 */
const COMMON_WORDS = new Set(
	[
		// English words that are common surnames
		'white',
		'black',
		'brown',
		'green',
		'gray',
		'grey',
		'young',
		'long',
		'short',
		'little',
		'small',
		'hill',
		'wood',
		'woods',
		'king',
		'wall',
		'walls',
		'rose',
		'bell',
		'rich',
		'lane',
		'hall',
		'ward',
		'head',
		'foot',
		'hand',
		'price',
		'cross',
		'field',
		'page',
		'case',
		'major',
		'minor',
		'noble',
		'west',
		'north',
		'south',
		'east',
		'stone',
		'bone',
		'banks',
		'best',
		'hope',
		'love',
		'may',
		'march',
		'june',
		'april',
		'mass',
		'lobe',
		'fox',
		'lamb',
		'wolf',
		'bird',
		'swan',
		'day',
		'night',
		'rice',
		'miles',
		'mark',
		'chance',
		'joy',
		'sharp',
		'bright',
		'strong',
		'free',
		'frank',
		'grant',
		'hunt',
		'lee',
		'low',
		'moody',
		'power',
		'read',
		'reader',
		'reed',
		'rush',
		'shield',
		'sky',
		'snow',
		'spring',
		'summer',
		'winter',
		'storm',
		'street',
		'tower',
		'waters',
		'well',
		'wells',
		'wise',
		'chest',
		'neck',
		'back',
		'side',
		'lead',
		'fine',
		'gross',
		'mild',
		'severe',
		'clear',
		'cole',
		'nash',
		'lord',
		'mann',
		'park',
		'parks',
		'pond',
		'burns',
		'cook',
		'hunter',
		'fisher',
		'porter',
		'taylor',
		'mason',
		'carter',
		'turner',
		'walker',
		'baker',
		'miller',
		'marshall',
		'house',
		// French words that are common surnames
		'blanc',
		'petit',
		'grand',
		'roy',
		'leblanc',
		'legrand',
		'lebrun',
		'brun',
		'noir',
		'lapointe',
		'pointe',
		'masse',
		'page',
		'marche',
		'cote',
		'cotes',
		'lac',
		'rivard',
		'bois',
		'dubois',
		'fontaine',
		'roche',
		'pierre',
		'jeune',
		'vieux',
		'droit',
		'gauche',
		'foie',
		'coeur',
		'rein',
		'lobe',
		// Eponyms read in radiology reports
		'hodgkin',
		'crohn',
		'wilms',
		'paget',
		'graves',
		'cushing',
		'addison',
		'parkinson',
		'alzheimer',
		'down',
		'marfan',
		'barrett',
		'meckel',
		'morgagni',
		'bochdalek',
		'virchow',
		'colles',
		'smith',
		'jones',
		'bennett',
		'monteggia',
		'galeazzi',
		'sachs',
		'bankart',
		'segond',
		'salter',
		'harris',
		'wilson',
		'klatskin',
		'zenker',
		'boerhaave',
		'mallory',
		'weiss',
		'budd',
		'chiari',
		'dandy',
		'arnold',
		'todd',
		'pancoast',
		'kerley',
		'fleischner',
		'hampton',
		'westermark',
		'rigler',
		'murphy',
		'mcburney',
		'morison',
		'douglas',
		'glisson',
		'couinaud',
		'bosniak',
		'ranson',
		'hounsfield',
		'gleason',
		'spetzler',
		'graf',
		'garden',
		'schatzker',
		'weber',
		'neer',
		'gustilo',
		'kellgren',
		'lawrence',
		'pott',
		'brodie',
		'ewing',
		'kaposi',
		'wegener',
		'takayasu',
		'kawasaki',
		'sjogren',
		'still',
		'charcot',
		'madelung',
		'kienbock',
		'perthes',
		'osgood',
		'schlatter',
		'scheuermann',
		'schmorl',
		'modic',
		'tarlov',
		'hoffa',
		'stener',
		'rolando',
		'jefferson',
		'morton',
		'lisfranc',
		'chopart',
		'maisonneuve',
		'tillaux',
		'bouchard',
		'heberden',
		'kummell',
		'luschka',
		'magendie',
		'monro',
		'sylvius',
		'willis',
		'wernicke',
		'broca',
		'galen',
		'rathke',
		'meckel',
		'denonvilliers',
		'gerota',
		'winslow',
		'treitz',
		'oddi',
		'santorini',
		'wirsung',
		'vater',
		'calot',
		'hartmann',
		'whipple',
		'nissen',
		'roux',
		'billroth',
		'fontan',
		'glenn',
		'blalock',
		'taussig',
		'fallot',
		'ebstein',
		'kartagener',
		'swyer',
		'james',
		'valsalva',
		'trendelenburg',
		'seldinger',
		'doppler',
		'tesla',
		'gauss',
		'fourier'
	].map(foldString)
);

/** A regular expression source, and the word it starts with (to find it without trying it everywhere). */
type Keyed = [key: string, source: string];
const leadingWord = (s: string) => /^\p{L}+/u.exec(s)?.[0] ?? '';
const keyed = (start: string, source: string): Keyed => [leadingWord(start), source];

/** The folded regular expression parts that find one person's name. */
function namePatterns(name: string): { full: Keyed[]; surnames: string[]; alone: Keyed[] } {
	const tokens = foldString(name)
		.split(/\s+/)
		.map((t) => t.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''))
		.filter(Boolean);
	if (tokens.length === 0) return { full: [], surnames: [], alone: [] };
	const re = (ts: string[]) => ts.map(escape).join('\\s+');
	if (tokens.length === 1) {
		const t = tokens[0]!;
		return { full: [], surnames: [escape(t)], alone: distinctive(t) ? [keyed(t, escape(t))] : [] };
	}
	const first = tokens[0]!;
	const last = tokens[tokens.length - 1]!;
	const rest = tokens.slice(1);
	const full: Keyed[] = [
		keyed(first, re(tokens)),
		keyed(first, re([first, last])),
		keyed(rest[0]!, `${re(rest)},\\s*${escape(first)}`),
		keyed(last, `${escape(last)},\\s*${escape(first)}`),
		// "J. Tremblay", "M.-C. Tremblay"; "J Tremblay" only when "a mass" cannot be meant.
		keyed(first[0]!, `${escape(first[0]!)}\\.(?:-[a-z]\\.)?\\s*${re(rest)}`),
		...(distinctive(last) ? [keyed(first[0]!, `${escape(first[0]!)}\\s+${re(rest)}`)] : [])
	];
	// With a title, half a compound surname is enough: "Dr Côté" for Hélène Côté-Gagnon.
	const halves = rest.flatMap((t) => t.split('-')).filter((t) => t.length >= 2);
	const surnames = [re(rest), escape(last), ...halves.map(escape)];
	const alone = distinctive(last) ? [keyed(last, escape(last))] : [];
	// Compound surnames ("Gagnon-Roy") are distinctive as a whole even when a half is a word.
	if (rest.length > 1 && rest.join(' ').length >= 6) alone.push(keyed(rest[0]!, re(rest)));
	return { full, surnames, alone };
}

function distinctive(surname: string): boolean {
	return surname.replace(/[^a-z]/g, '').length >= 4 && !COMMON_WORDS.has(surname);
}

const byLengthDesc = (a: string, b: string) => b.length - a.length;
const WORD_START = /(?<![\p{L}\p{N}])\p{L}+/gu;

/**
 * Finds directory names. One alternation of thousands of names tried at every word is slow
 * (over 10 ms for 4,000 characters and 500 people); grouped by their first word, each word of the
 * text tries only the names that can start with it.
 */
function nameMatcher(names: readonly string[]): ((folded: string) => Candidate[]) | null {
	const groups = new Map<string, Set<string>>();
	const add = ([key, source]: Keyed) => {
		if (!key) return;
		const g = groups.get(key) ?? new Set<string>();
		groups.set(key, g.add(source));
	};
	const surnames = new Set<string>();
	for (const n of names) {
		const p = namePatterns(n);
		p.full.forEach(add);
		p.alone.forEach(add);
		p.surnames.forEach((x) => surnames.add(x));
	}
	if (surnames.size === 0) return null;
	const titled = `\\.?\\s+(?:${[...surnames].sort(byLengthDesc).join('|')})`;
	// "M. Tremblay" needs its dot: "1.5 m mass" is a size.
	for (const t of TITLES) add([t, t === 'm' ? `m(?=\\.)${titled}` : `${t}${titled}`]);
	const compiled = new Map<string, RegExp>();
	for (const [key, sources] of groups)
		// Longest first: at one position "Marie Tremblay" wins over "Marie T.". Possessives
		// stay part of the hit ("Tremblay's").
		compiled.set(
			key,
			new RegExp(`(?:${[...sources].sort(byLengthDesc).join('|')})(?:'s)?${E}`, 'uy')
		);
	return (folded) => {
		const out: Candidate[] = [];
		WORD_START.lastIndex = 0;
		for (let w = WORD_START.exec(folded); w; w = WORD_START.exec(folded)) {
			const re = compiled.get(w[0]);
			if (!re) continue;
			re.lastIndex = w.index;
			const m = re.exec(folded);
			if (m) out.push({ kind: 'name', start: m.index, end: m.index + m[0].length, rank: 7 });
		}
		return out;
	};
}

function sitePatterns(patterns: readonly string[]): RegExp[] {
	const out: RegExp[] = [];
	for (const p of patterns) {
		const source = p.replace(/^\^/, '').replace(/\$$/, '').trim();
		if (!source) continue;
		try {
			// Case-insensitive: the text is folded to lower case, and "lg26001234" identifies too.
			out.push(new RegExp(`(?<![A-Za-z0-9])(?:${source})(?![A-Za-z0-9])`, 'gi'));
		} catch {
			// An invalid site pattern is refused by the settings schema; an old one is skipped.
		}
	}
	return out;
}

interface Candidate {
	kind: IdentifierKind;
	start: number;
	end: number;
	/** Lower wins an overlap: an email holds a name, a date looks like digit groups. */
	rank: number;
}

function matches(re: RegExp, text: string, kind: IdentifierKind, rank: number): Candidate[] {
	const out: Candidate[] = [];
	re.lastIndex = 0;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		// Overlapping matches too: in "3 January 1, 1930" the full date starts after "3 January".
		re.lastIndex = m.index + 1;
		if (m[0].length > 0) out.push({ kind, start: m.index, end: m.index + m[0].length, rank });
	}
	return out;
}

const digitCount = (s: string) => s.replace(/\D/g, '').length;

/** Builds a detector for one directory and set of sites; reuse it across fields and keystrokes. */
export function createDetector(options: DetectorOptions = {}): Detector {
	const sites = sitePatterns(options.accessionPatterns ?? []);
	const names = nameMatcher(options.names ?? []);
	const literals = [
		...new Set((options.literals ?? []).map((l) => foldString(l.trim())).filter(Boolean))
	];
	const literalRe = literals.length
		? new RegExp(
				`(?<![a-z0-9])(?:${literals.sort(byLengthDesc).map(escape).join('|')})(?![a-z0-9])`,
				'g'
			)
		: null;

	return (text, field) => {
		if (!text) return [];
		const { folded, from, to, at } = fold(text);
		const found: Candidate[] = [...matches(EMAIL, folded, 'email', 0)];
		if (literalRe) found.push(...matches(literalRe, folded, 'accession', 1));
		for (const re of sites)
			found.push(
				// A lax pattern ("\d+", "a*") must not turn every number or letter into a hit.
				...matches(re, folded, 'accession', 2).filter(
					(c) => c.end - c.start >= 5 && digitCount(folded.slice(c.start, c.end)) >= 3
				)
			);
		found.push(...matches(DATE, folded, 'date', 3));
		for (const c of matches(MAY_DATE, text, 'date', 3))
			found.push({ ...c, start: at[c.start]!, end: at[c.end]! });
		found.push(
			...matches(PHONE, folded, 'phone', 4).filter((c) => {
				const n = digitCount(folded.slice(c.start, c.end));
				return n >= 10 && n <= 15;
			})
		);
		found.push(
			...matches(TOKEN, folded, 'accession', 5).filter((c) => {
				const t = folded.slice(c.start, c.end);
				return /[a-z]/.test(t) && digitCount(t) >= 5 && t.length <= 30;
			})
		);
		found.push(
			...matches(DIGITS, folded, 'mrn', 6).filter((c) => {
				const t = folded.slice(c.start, c.end);
				// "2019-2021" and "2024 2025" are ranges of years, not record numbers.
				return digitCount(t) >= 6 && !/^(?:19|20)\d{2}(?:[ .-](?:19|20)\d{2})+$/.test(t);
			})
		);
		if (names) found.push(...names(folded));

		// Overlapping candidates become one hit covering them all, named by the best of them
		// (by rank, then the longest): whatever any pattern found stays inside some hit.
		found.sort((a, b) => a.start - b.start || b.end - a.end);
		const kept: (Candidate & { len: number })[] = [];
		for (const c of found) {
			const last = kept.at(-1);
			const len = c.end - c.start;
			if (!last || c.start >= last.end) kept.push({ ...c, len });
			else {
				if (c.rank < last.rank || (c.rank === last.rank && len > last.len))
					Object.assign(last, { kind: c.kind, rank: c.rank, len });
				last.end = Math.max(last.end, c.end);
			}
		}

		return kept.map((c) => {
			const start = from[c.start]!;
			const end = to[c.end - 1]!;
			return { kind: c.kind, text: text.slice(start, end), start, end, field };
		});
	};
}

/**
 * Remembers the last result per field, so while the lead types only the edited field is read
 * again (a whole case of 5 × 4,000 characters against 500 people takes ~2.5 ms on a laptop
 * core, several times that on a tablet).
 */
export function memoized(detect: Detector): Detector {
	const last = new Map<string, { text: string; hits: IdentifierHit[] }>();
	return (text, field) => {
		const seen = last.get(field);
		if (seen && seen.text === text) return seen.hits;
		const hits = detect(text, field);
		last.set(field, { text, hits });
		return hits;
	};
}
