import { addMessages, _ } from 'svelte-i18n';
import { derived } from 'svelte/store';
import en from './en.json' with { type: 'json' };
import fr from './fr.json' with { type: 'json' };
import { areaMessages } from './namespaces.ts';

// The features' messages live under `features.` beside the shell's own dictionaries.
const areas = areaMessages();
addMessages('en', { features: { ...en, ...areas.en } });
addMessages('fr', { features: { ...fr, ...areas.fr } });

type Values = Record<string, string | number | boolean | Date | null | undefined>;

/** svelte-i18n's `$_`, scoped to `features.`: `$ft('submit.title')`. */
export const ft = derived(
	_,
	($_) =>
		(key: string, values?: Values): string =>
			$_(`features.${key}`, values ? { values } : undefined)
);
