import Papa from 'papaparse';
import type { Person } from '@rounds/shared/identity/identity.schema';
import { OPPE_COLUMNS, oppeRecords, type OppeRow } from '@rounds/shared/reports/annual';
import { tableRecords, type ReportTable } from '#lib/pdf/annual-report.ts';

type Who = Pick<Person, 'roles'>;

/**
 * Where a user's annual report comes from: the director holds every submission, conference,
 * attendance record and review on their device and computes it there (offline too);
 * administrative support and leadership viewers do not receive submissions, so the server
 * computes the same figures for them.
 */
export function reportSource(user: Who | null): 'local' | 'server' | 'none' {
	if (!user) return 'none';
	if (user.roles.includes('peer_learning_director')) return 'local';
	if (user.roles.includes('admin_support') || user.roles.includes('leadership_viewer'))
		return 'server';
	return 'none';
}

/** The OPPE export names people: the director's alone (as on the server). */
export const canExportOppe = (user: Who | null) =>
	!!user && user.roles.includes('peer_learning_director');

/** This year and the four before it, newest first. */
export function reportYears(today: Date): number[] {
	const y = today.getFullYear();
	return [0, 1, 2, 3, 4].map((i) => y - i);
}

/** The device's time zone: calendar days are read in it, on the device and on the server. */
export function deviceTimeZone(): string {
	return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The server's figures, in the device's time zone so they match the director's. */
export function annualUrl(year: number, timeZone: string): string {
	return `/api/reports/annual?${new URLSearchParams({ year: String(year), tz: timeZone })}`;
}

// Formula-looking cells are escaped: these files are opened in spreadsheets.
const CSV = { escapeFormulae: true } as const;

/** One report table as CSV text (header, rows, total). */
export function tableCsv(table: ReportTable): string {
	return Papa.unparse(tableRecords(table), CSV);
}

/** The OPPE rows as CSV: the same columns and escaping as the server's export. */
export function oppeCsv(rows: readonly OppeRow[]): string {
	return Papa.unparse(oppeRecords(rows), { ...CSV, columns: [...OPPE_COLUMNS] });
}

/** `annual-report-2026-divisions.csv`. */
export const tableFileName = (year: number, table: Pick<ReportTable, 'id'>) =>
	`annual-report-${year}-${table.id}.csv`;

/** Saves text as a file through a temporary link (works offline: nothing leaves the device). */
export function saveFile(name: string, text: string, type: string): void {
	const url = URL.createObjectURL(new Blob([text], { type }));
	const a = document.createElement('a');
	a.href = url;
	a.download = name;
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}
