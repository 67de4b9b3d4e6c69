import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'rounds-main-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('server start-up', () => {
	it('on a data folder another process holds: one clear line, exit 2, folder untouched', async () => {
		// Our own parent stands in for the server already running on this folder.
		writeFileSync(join(dir, 'rounds.lock'), String(process.ppid));
		const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, PORT: '0', DEMO: '0' };
		delete env.DATABASE_URL;
		const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>(
			(done, fail) => {
				const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
					cwd: root,
					env
				});
				let stderr = '';
				child.stderr.on('data', (d) => (stderr += String(d)));
				child.on('error', fail);
				child.on('close', (code) => done({ code, stderr }));
			}
		);
		expect(code).toBe(2);
		const lines = stderr.trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(`(${process.ppid}) is using the data folder ${dir}`);
		expect(lines[0]).toMatch(/Stop it first/);
		expect(readdirSync(dir)).toEqual(['rounds.lock']);
		expect(readFileSync(join(dir, 'rounds.lock'), 'utf8')).toBe(String(process.ppid));
	}, 60_000);
});
