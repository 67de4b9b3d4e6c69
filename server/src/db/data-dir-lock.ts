import { randomUUID } from 'node:crypto';
import {
	closeSync,
	linkSync,
	openSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	writeSync
} from 'node:fs';
import { join } from 'node:path';

/** PGlite's data folder has a single owner; another process opening it would corrupt it. */
export class DataDirBusyError extends Error {
	constructor(readonly pid: number | undefined) {
		super(
			`The server${pid ? ` (process ${pid})` : ''} is running on this data folder; stop it first (or use DATABASE_URL).`
		);
		this.name = 'DataDirBusyError';
	}
}

/** A lock file younger than this with no pid in it yet is being written, not abandoned. */
const WRITING_GRACE_MS = 10_000;

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		// EPERM: the process exists but belongs to someone else.
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

const code = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** The lock's content and age, or undefined when it has gone in the meantime. */
function readLock(file: string): { text: string; ageMs: number } | undefined {
	try {
		return { text: readFileSync(file, 'utf8'), ageMs: Date.now() - statSync(file).mtimeMs };
	} catch (e) {
		if (code(e) === 'ENOENT') return undefined;
		throw e;
	}
}

/**
 * Why the current lock may be taken over, or the error to throw. A lock holding our own pid is
 * stale too: in a container the server is often pid 1 on every start, so a crash leaves a lock
 * that names the next run.
 */
function judge(text: string, ageMs: number): 'stale' | DataDirBusyError {
	const pid = Number(text.trim());
	if (!Number.isInteger(pid) || pid <= 0)
		// Created but not written yet (O_EXCL then write is two steps) unless it is old.
		return ageMs > WRITING_GRACE_MS ? 'stale' : new DataDirBusyError(undefined);
	return pid !== process.pid && alive(pid) ? new DataDirBusyError(pid) : 'stale';
}

/**
 * Removes a stale lock only if it is still the one judged stale. Renaming is atomic, so of two
 * processes taking over the same stale lock one moves it away and the other finds nothing; if
 * what got moved is no longer the stale content (someone took the lock meanwhile), it is put
 * back and that owner wins.
 */
function removeStale(file: string, staleText: string): void {
	const aside = `${file}.${process.pid}.${randomUUID()}`;
	try {
		renameSync(file, aside);
	} catch (e) {
		if (code(e) === 'ENOENT') return;
		throw e;
	}
	try {
		const moved = readFileSync(aside, 'utf8');
		if (moved === staleText) return;
		try {
			linkSync(aside, file);
		} catch (e) {
			if (code(e) !== 'EEXIST') throw e;
		}
		throw new DataDirBusyError(Number(moved.trim()) || undefined);
	} finally {
		rmSync(aside, { force: true });
	}
}

/**
 * Takes the folder's lock file (`rounds.lock` with our pid), or throws DataDirBusyError when a
 * live process holds it. The file is created with O_EXCL ('wx'), so of two processes starting
 * together exactly one gets it. A lock left by a dead process is taken over. Returns the release.
 */
export function acquireDataDirLock(dir: string): () => void {
	const file = join(dir, 'rounds.lock');
	const mine = String(process.pid);
	for (let attempt = 0; ; attempt++) {
		let fd: number;
		try {
			fd = openSync(file, 'wx');
		} catch (e) {
			if (code(e) !== 'EEXIST') throw e;
			const lock = readLock(file);
			if (!lock) continue;
			const verdict = judge(lock.text, lock.ageMs);
			if (verdict !== 'stale') throw verdict;
			// A lock that keeps coming back stale is being fought over: give up rather than spin.
			if (attempt >= 3) throw new DataDirBusyError(undefined);
			removeStale(file, lock.text);
			continue;
		}
		try {
			writeSync(fd, mine);
		} finally {
			closeSync(fd);
		}
		return () => {
			try {
				if (readFileSync(file, 'utf8').trim() === mine) rmSync(file);
			} catch {
				/* already gone */
			}
		};
	}
}
