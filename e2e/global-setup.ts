import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const STALE_MS = 10 * 60_000;

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Removes the PGlite folders of earlier runs (each is ~40 MB). A folder still locked by a live
 * server belongs to a run in progress (another terminal) and is kept; so is an unlocked one
 * younger than a few minutes, which may be a server that is still starting.
 */
export default function globalSetup(): void {
	const current = process.env.ROUNDS_E2E_DATA_DIR;
	for (const name of readdirSync(tmpdir())) {
		if (!name.startsWith('rounds-e2e-')) continue;
		const dir = join(tmpdir(), name);
		if (dir === current) continue;
		try {
			const lock = join(dir, 'rounds.lock');
			if (existsSync(lock)) {
				const pid = Number(readFileSync(lock, 'utf8').trim());
				if (Number.isInteger(pid) && pid > 0 && alive(pid)) continue;
			} else if (Date.now() - statSync(dir).mtimeMs < STALE_MS) continue;
			rmSync(dir, { recursive: true, force: true });
		} catch {
			// Another run removed it first, or it is not ours to remove: leave it.
		}
	}
}
