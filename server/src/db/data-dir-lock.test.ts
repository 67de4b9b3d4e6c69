import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { acquireDataDirLock, DataDirBusyError } from './data-dir-lock.ts';

const root = resolve(import.meta.dirname, '../../..');
let dir: string;
let lock: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'rounds-lock-'));
	lock = join(dir, 'rounds.lock');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
	const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
	return Number(String(r.stdout));
}

describe('data folder lock', () => {
	it('writes our pid, and the release removes it so the folder can be taken again', () => {
		const release = acquireDataDirLock(dir);
		expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
		release();
		expect(existsSync(lock)).toBe(false);
		acquireDataDirLock(dir)();
	});

	it('refuses while a live process holds it, and leaves that lock alone', () => {
		writeFileSync(lock, String(process.ppid));
		expect(() => acquireDataDirLock(dir)).toThrow(DataDirBusyError);
		expect(() => acquireDataDirLock(dir)).toThrow(`process ${process.ppid}`);
		expect(readFileSync(lock, 'utf8')).toBe(String(process.ppid));
	});

	it('takes over a lock left by a dead process', () => {
		writeFileSync(lock, String(deadPid()));
		const release = acquireDataDirLock(dir);
		expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
		release();
	});

	it('treats a fresh empty lock as being written by its owner, and an old one as abandoned', () => {
		// Between open(O_EXCL) and write the file exists without a pid: that owner is alive.
		writeFileSync(lock, '');
		expect(() => acquireDataDirLock(dir)).toThrow(DataDirBusyError);
		expect(readFileSync(lock, 'utf8')).toBe('');
		const minuteAgo = new Date(Date.now() - 60_000);
		utimesSync(lock, minuteAgo, minuteAgo);
		acquireDataDirLock(dir)();
	});

	it('lets exactly one of several processes starting together have the folder', async () => {
		writeFileSync(lock, String(deadPid()));
		// Every child waits for the same instant, races for the stale lock, reports, and holds what
		// it got until all have reported (its stdin closes), so no late starter finds a dead owner.
		const start = Date.now() + 2000;
		const script = `
			import { acquireDataDirLock } from ${JSON.stringify(join(root, 'server/src/db/data-dir-lock.ts'))};
			while (Date.now() < ${start});
			try { acquireDataDirLock(${JSON.stringify(dir)}); console.log('got'); }
			catch (e) { console.log(e.name === 'DataDirBusyError' ? 'busy' : 'error ' + e.message); }
			process.stdin.resume().on('end', () => process.exit(0));`;
		const children = Array.from({ length: 6 }, () =>
			spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
				cwd: root
			})
		);
		const results = await Promise.all(
			children.map(
				(child) =>
					new Promise<string>((done, fail) => {
						child.stdout.once('data', (d) => done(String(d).trim()));
						child.on('error', fail);
						child.on('close', () => fail(new Error('exited before reporting')));
					})
			)
		);
		await Promise.all(
			children.map((child) => {
				const closed = new Promise((done) => child.on('close', done));
				child.stdin.end();
				return closed;
			})
		);
		expect(results.sort()).toEqual(['busy', 'busy', 'busy', 'busy', 'busy', 'got']);
	});
});
