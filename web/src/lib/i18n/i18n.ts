import { addMessages, init, locale } from 'svelte-i18n';
import en from './en.json' with { type: 'json' };
import fr from './fr.json' with { type: 'json' };

// svelte-i18n: ICU message format (plurals, dates) with Svelte stores, maintained and small.
addMessages('en', en);
addMessages('fr', fr);

export const LOCALES = [
	{ code: 'en', label: 'English' },
	{ code: 'fr', label: 'Français' }
] as const;
export type Locale = (typeof LOCALES)[number]['code'];
const KEY = 'rounds.locale';

/** The saved choice, else the browser's language when we have it, else English. */
export function initialLocale(): Locale {
	const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY);
	if (saved === 'en' || saved === 'fr') return saved;
	const nav = typeof navigator === 'undefined' ? 'en' : navigator.language.slice(0, 2);
	return nav === 'fr' ? 'fr' : 'en';
}

export function setupI18n(): void {
	const l = initialLocale();
	init({ fallbackLocale: 'en', initialLocale: l });
	document.documentElement.lang = l;
}

export function setLocale(l: Locale): void {
	localStorage.setItem(KEY, l);
	locale.set(l);
	document.documentElement.lang = l;
}
