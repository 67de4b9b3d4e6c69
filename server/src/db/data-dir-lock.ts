import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** PGlite's data folder has a single owner; another process opening it would corrupt it. */
export class DataDirBusyError extends Error {
	constructor(readonly pid: number) {
		super(
			`The server (process ${pid}) is running on this data folder; stop it first (or use DATABASE_URL).`
		);
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Takes the folder's lock file (`rounds.lock` with our pid), or throws DataDirBusyError when a
 * live process holds it. A lock left by a dead process is taken over. Returns the release.
 */
export function acquireDataDirLock(dir: string): () => void {
	const file = join(dir, 'rounds.lock');
	if (existsSync(file)) {
		const pid = Number(readFileSync(file, 'utf8').trim());
		if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
			throw new DataDirBusyError(pid);
	}
	writeFileSync(file, String(process.pid));
	return () => {
		try {
			if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file);
		} catch {
			/* already gone */
		}
	};
}
