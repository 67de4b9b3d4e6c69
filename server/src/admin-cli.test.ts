import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDb } from './db/db.ts';
import { checkPassword } from './modules/identity/password.ts';
import { findCredentials } from './modules/identity/people.repository.ts';
import { createSession, findSession } from './modules/identity/session.repository.ts';

const root = resolve(import.meta.dirname, '../..');
// Each run starts Node, tsx and PGlite: seconds, not milliseconds.
const SLOW = 120_000;

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs `pnpm admin` as the operator would: a child process, the password on stdin. */
function admin(dataDir: string, args: string[], stdin = ''): Promise<Run> {
	const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
	delete env.DATABASE_URL;
	return new Promise((done, fail) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/admin-cli.ts', ...args], {
			cwd: root,
			env
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += String(d)));
		child.stderr.on('data', (d) => (stderr += String(d)));
		child.on('error', fail);
		child.on('close', (code) => done({ code, stdout, stderr }));
		child.stdin.end(stdin);
	});
}

let dir: string;
const lock = () => join(dir, 'rounds.lock');
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'rounds-admin-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pnpm admin', () => {
	it(
		'answers usage errors with 64 and the usage, before touching the folder',
		async () => {
			const none = await admin(dir, []);
			expect(none.code).toBe(64);
			expect(none.stderr).toMatch(/Usage:/);
			expect((await admin(dir, ['deactivate', '--email', 'a@example.test', '--bogus'])).code).toBe(
				64
			);
			expect((await admin(dir, ['reset-password', '--email', 'a@example.test'])).code).toBe(64);
			expect(readdirSync(dir)).toEqual([]);
		},
		SLOW
	);

	it(
		'answers bad data with 65 and what is wrong, creating nobody',
		async () => {
			const create = (email: string, password: string) =>
				admin(
					dir,
					[
						'create-user',
						'--email',
						email,
						'--name',
						'Ada',
						'--role',
						'system_admin',
						'--password-stdin'
					],
					password
				);
			const email = await create('not-an-email', 'a-long-enough-password');
			expect(email.code).toBe(65);
			expect(email.stderr).toMatch(/email/);
			const short = await create('ada@example.test', 'short');
			expect(short.code).toBe(65);
			expect(short.stderr).toMatch(/at least 10 characters/);
			expect(readdirSync(dir)).toEqual([]);
		},
		SLOW
	);

	it(
		'creates a person, and releases the folder afterwards',
		async () => {
			const run = await admin(
				dir,
				['create-user', '--email', 'Ada@Example.test', '--name', 'Ada', '--role', 'system_admin'],
				'a-long-enough-password\n'
			);
			// --password-stdin is required: the password never goes on the command line.
			expect(run.code).toBe(64);
			const ok = await admin(
				dir,
				[
					'create-user',
					'--email',
					'Ada@Example.test',
					'--name',
					'Ada',
					'--role',
					'system_admin',
					'--password-stdin'
				],
				'a-long-enough-password\n'
			);
			expect(ok.stderr).toBe('');
			expect(ok.code).toBe(0);
			expect(ok.stdout).toMatch(/Created Ada <ada@example.test>/);
			expect(existsSync(lock())).toBe(false);
		},
		SLOW
	);

	it(
		'still releases the folder when it refuses an unknown person',
		async () => {
			const run = await admin(
				dir,
				['reset-password', '--email', 'ghost@example.test', '--password-stdin'],
				'another-long-password'
			);
			expect(run.code).toBe(65);
			expect(run.stderr).toMatch(/No person with the email ghost@example.test/);
			expect(existsSync(lock())).toBe(false);
		},
		SLOW
	);

	it(
		'says the server holds the folder, exits 2 and changes nothing',
		async () => {
			// Our own parent stands in for a running server: a live process named in the lock.
			writeFileSync(lock(), String(process.ppid));
			try {
				const run = await admin(dir, ['deactivate', '--email', 'ada@example.test']);
				expect(run.code).toBe(2);
				expect(run.stderr).toMatch(/Stop the server/);
				expect(run.stderr).toMatch(/People screen/);
				expect(run.stderr).not.toMatch(/\n\s+at /);
				expect(readFileSync(lock(), 'utf8')).toBe(String(process.ppid));
			} finally {
				rmSync(lock());
			}
		},
		SLOW
	);

	it(
		'reset-password ends every session of that person',
		async () => {
			let db = await openDb({ dataDir: dir });
			const creds = (await findCredentials(db, 'ada@example.test'))!;
			const { token } = await createSession(db, creds.personId, new Date(), 12);
			expect(await findSession(db, token)).toBeDefined();
			await db.close();

			const run = await admin(
				dir,
				['reset-password', '--email', 'ADA@example.test', '--password-stdin'],
				'a-new-long-password\n'
			);
			expect(run.code).toBe(0);

			db = await openDb({ dataDir: dir });
			try {
				expect(await findSession(db, token)).toBeUndefined();
				const after = (await findCredentials(db, 'ada@example.test'))!;
				expect(await checkPassword('a-new-long-password', after.passwordHash)).toBe(true);
			} finally {
				await db.close();
			}
		},
		SLOW
	);
});
