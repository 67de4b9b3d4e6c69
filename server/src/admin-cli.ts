import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { newPersonRequest, type Person } from '@rounds/shared/identity/identity.schema';
import { openDb, type Db } from './db/db.ts';
import { migrate } from './db/migrations.ts';
import { acquireDataDirLock, DataDirBusyError } from './db/data-dir-lock.ts';
import { hashPassword } from './modules/identity/password.ts';
import {
	deactivatePerson,
	emailTaken,
	findCredentials,
	insertPerson,
	setPasswordHash
} from './modules/identity/people.repository.ts';
import { endSessionsOf } from './modules/identity/session.repository.ts';
import { audit } from './modules/audit/audit.repository.ts';

const USAGE = `Usage:
  pnpm admin create-user --email EMAIL --name NAME --role ROLE [--role ROLE…] [--fte 1] --password-stdin
  pnpm admin reset-password --email EMAIL --password-stdin
  pnpm admin deactivate --email EMAIL
Uses DATABASE_URL, or the PGlite folder DATA_DIR (default ./data; the server must be stopped).
Exit codes: 0 done, 64 usage error, 65 bad data, 2 data folder in use by the server.`;

/** sysexits.h: EX_USAGE and EX_DATAERR; 2 is ours for "the folder is busy, nothing done". */
const EXIT = { usage: 64, data: 65, busy: 2 } as const;

class CliError extends Error {
	constructor(
		readonly exitCode: number,
		message: string
	) {
		super(message);
	}
}
const usage = (why: string) => new CliError(EXIT.usage, `${why}\n${USAGE}`);
const badData = (why: string) => new CliError(EXIT.data, why);
const issues = (e: z.ZodError, field = 'value') =>
	e.issues.map((i) => `${i.path.join('.') || field}: ${i.message}`).join('\n');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function readStdin(): Promise<string> {
	if (process.stdin.isTTY) throw usage('--password-stdin expects the password on standard input');
	let data = '';
	for await (const chunk of process.stdin) data += String(chunk);
	return data.replace(/\r?\n$/, '');
}

type Command = 'create-user' | 'reset-password' | 'deactivate';

/** Everything the command needs, checked before the database is touched. */
async function parse(argv: string[]) {
	const [command, ...rest] = argv;
	if (!command || !['create-user', 'reset-password', 'deactivate'].includes(command))
		throw usage(command ? `Unknown command "${command}"` : 'No command given');
	let values;
	try {
		({ values } = parseArgs({
			args: rest,
			options: {
				email: { type: 'string' },
				name: { type: 'string' },
				role: { type: 'string', multiple: true },
				fte: { type: 'string' },
				'password-stdin': { type: 'boolean' }
			},
			strict: true
		}));
	} catch (e) {
		throw usage((e as Error).message);
	}
	if (!values.email) throw usage('--email is required');
	const email = newPersonRequest.shape.email.safeParse(values.email.trim().toLowerCase());
	if (!email.success) throw badData(issues(email.error, 'email'));
	const needsPassword = command !== 'deactivate';
	if (needsPassword && !values['password-stdin']) throw usage(`${command} needs --password-stdin`);
	const password = needsPassword ? await readStdin() : '';
	if (command === 'create-user') {
		const person = newPersonRequest.safeParse({
			email: email.data,
			name: values.name,
			roles: values.role ?? [],
			fte: values.fte === undefined ? 1 : Number(values.fte),
			password
		});
		if (!person.success) throw badData(issues(person.error));
		return { command: command as Command, email: email.data, person: person.data };
	}
	if (needsPassword) {
		const checked = newPersonRequest.shape.password.safeParse(password);
		if (!checked.success) throw badData(issues(checked.error, 'password'));
	}
	return { command: command as Command, email: email.data, password, person: undefined };
}

async function run(db: Db, args: Awaited<ReturnType<typeof parse>>): Promise<string> {
	const cli = { via: 'cli' };
	if (args.person) {
		const { password, ...p } = args.person;
		if (await emailTaken(db, p.email)) throw badData(`${p.email} already exists`);
		const at = new Date().toISOString();
		const person: Person = {
			...p,
			id: randomUUID(),
			createdAt: at,
			updatedAt: at,
			active: true,
			locale: 'en'
		};
		const hash = await hashPassword(password);
		await db.transaction((tx) => insertPerson(tx, person, hash));
		await audit(db, {
			actorId: null,
			action: 'person.create',
			collection: 'people',
			docId: person.id,
			outcome: 'ok',
			detail: cli
		});
		return `Created ${person.name} <${person.email}> (${person.roles.join(', ')}).`;
	}
	const creds = await findCredentials(db, args.email);
	if (!creds) throw badData(`No person with the email ${args.email}`);
	const at = new Date();
	if (args.command === 'reset-password') {
		const hash = await hashPassword(args.password);
		// A reset is how a leaked password is revoked: every device signed in must sign in again.
		await db.transaction(async (tx) => {
			await setPasswordHash(tx, creds.personId, hash);
			await endSessionsOf(tx, creds.personId, at);
		});
		await audit(db, {
			actorId: null,
			action: 'person.password',
			collection: 'people',
			docId: creds.personId,
			outcome: 'ok',
			detail: cli
		});
		return `Password changed for ${args.email}; their sessions are ended.`;
	}
	await db.transaction((tx) => deactivatePerson(tx, creds.personId, at));
	await audit(db, {
		actorId: null,
		action: 'person.deactivate',
		collection: 'people',
		docId: creds.personId,
		outcome: 'ok',
		detail: cli
	});
	return `Deactivated ${args.email}; their sessions are ended.`;
}

async function main(): Promise<number> {
	const args = await parse(process.argv.slice(2));
	const databaseUrl = process.env.DATABASE_URL || undefined;
	const dataDir = resolve(root, process.env.DATA_DIR ?? 'data');
	let release: (() => void) | undefined;
	let db: Db | undefined;
	try {
		if (!databaseUrl) {
			mkdirSync(dataDir, { recursive: true });
			try {
				release = acquireDataDirLock(dataDir);
			} catch (e) {
				if (!(e instanceof DataDirBusyError)) throw e;
				throw new CliError(
					EXIT.busy,
					`The Rounds server${e.pid ? ` (process ${e.pid})` : ''} has the data folder ${dataDir} open; nothing was changed. ` +
						'Stop the server and run this again, or sign in as an administrator and use the People screen in the app.'
				);
			}
		}
		db = await openDb({ databaseUrl, dataDir });
		await migrate(db);
		console.log(await run(db, args));
		return 0;
	} finally {
		// Always: an open PGlite or a left lock would keep the server from starting.
		await db?.close();
		release?.();
	}
}

process.exitCode = await main().catch((e: unknown) => {
	if (!(e instanceof CliError)) throw e;
	console.error(e.message);
	return e.exitCode;
});
