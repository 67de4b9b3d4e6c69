/**
 * Feature areas keep their messages in their own files, `<area>.en.json` and `<area>.fr.json`
 * beside this one, merged under `features.<area>.`; the shared `en.json` / `fr.json` hold the
 * rest. One file per area lets areas grow without editing one large dictionary.
 */
type Dict = Record<string, unknown>;
const files = import.meta.glob<Dict>('./*.{en,fr}.json', { eager: true, import: 'default' });

/** `{ en: { exams: {...}, reviews: {...} }, fr: {...} }` from the per-area files. */
export function areaMessages(): Record<'en' | 'fr', Dict> {
	const out: Record<'en' | 'fr', Dict> = { en: {}, fr: {} };
	for (const [path, dict] of Object.entries(files)) {
		const m = /\.\/([a-z-]+)\.(en|fr)\.json$/.exec(path);
		if (m) out[m[2] as 'en' | 'fr'][m[1]!] = dict;
	}
	return out;
}
