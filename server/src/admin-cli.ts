import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
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
import { audit } from './modules/audit/audit.repository.ts';

const USAGE = `Usage:
  pnpm admin create-user --email EMAIL --name NAME --role ROLE [--role ROLE…] [--fte 1] --password-stdin
  pnpm admin reset-password --email EMAIL --password-stdin
  pnpm admin deactivate --email EMAIL
Uses DATABASE_URL, or the PGlite folder DATA_DIR (default ./data; the server must be stopped).`;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function readStdin(): Promise<string> {
	if (process.stdin.isTTY)
		throw new Error('--password-stdin expects the password on standard input');
	let data = '';
	for await (const chunk of process.stdin) data += String(chunk);
	return data.replace(/\r?\n$/, '');
}

function fail(message: string, code = 1): never {
	console.error(message);
	process.exit(code);
}

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
	args: rest,
	options: {
		email: { type: 'string' },
		name: { type: 'string' },
		role: { type: 'string', multiple: true },
		fte: { type: 'string' },
		'password-stdin': { type: 'boolean' }
	},
	strict: true
});
if (!command || !['create-user', 'reset-password', 'deactivate'].includes(command)) fail(USAGE, 64);
if (!values.email) fail(`--email is required\n${USAGE}`, 64);

const databaseUrl = process.env.DATABASE_URL || undefined;
let release: (() => void) | undefined;
if (!databaseUrl) {
	const dir = resolve(root, process.env.DATA_DIR ?? 'data');
	mkdirSync(dir, { recursive: true });
	try {
		release = acquireDataDirLock(dir);
	} catch (e) {
		if (e instanceof DataDirBusyError) fail(e.message, 2);
		throw e;
	}
}
let db: Db | undefined;
try {
	db = await openDb({ databaseUrl, dataDir: resolve(root, process.env.DATA_DIR ?? 'data') });
	await migrate(db);
	const email = values.email!.trim().toLowerCase();
	if (command === 'create-user') {
		if (!values['password-stdin']) fail('create-user needs --password-stdin', 64);
		const parsed = newPersonRequest.safeParse({
			email,
			name: values.name,
			roles: values.role ?? [],
			fte: values.fte === undefined ? 1 : Number(values.fte),
			password: await readStdin()
		});
		if (!parsed.success)
			fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'), 65);
		if (await emailTaken(db, parsed.data.email)) fail(`${parsed.data.email} already exists`, 65);
		const { password, ...p } = parsed.data;
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
			detail: { via: 'cli' }
		});
		console.log(`Created ${person.name} <${person.email}> (${person.roles.join(', ')}).`);
	} else {
		const creds = await findCredentials(db, email);
		if (!creds) fail(`No person with the email ${email}`, 65);
		if (command === 'reset-password') {
			if (!values['password-stdin']) fail('reset-password needs --password-stdin', 64);
			const password = await readStdin();
			if (password.length < 10) fail('Passwords need at least 10 characters', 65);
			await setPasswordHash(db, creds.personId, await hashPassword(password));
			await audit(db, {
				actorId: null,
				action: 'person.password',
				collection: 'people',
				docId: creds.personId,
				outcome: 'ok',
				detail: { via: 'cli' }
			});
			console.log(`Password changed for ${email}.`);
		} else {
			await db.transaction((tx) => deactivatePerson(tx, creds.personId, new Date()));
			await audit(db, {
				actorId: null,
				action: 'person.deactivate',
				collection: 'people',
				docId: creds.personId,
				outcome: 'ok',
				detail: { via: 'cli' }
			});
			console.log(`Deactivated ${email}; their sessions are ended.`);
		}
	}
} finally {
	await db?.close();
	release?.();
}
