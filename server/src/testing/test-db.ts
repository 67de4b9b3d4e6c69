import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../db/db.ts';
import { migrate } from '../db/migrations.ts';

let sharedLite: Promise<Db> | undefined;

/** PostgreSQL URL for the server suite's second run, or undefined for PGlite. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

export interface TestDb {
	db: Db;
	/** Connection URL of this test's schema (PostgreSQL only), for opening a second "instance". */
	url?: string;
	/** Notification channel unique to this test (LISTEN/NOTIFY is database-wide). */
	channel: string;
	close(): Promise<void>;
}

/**
 * A migrated, empty database: PGlite in memory, or a fresh schema on the PostgreSQL server
 * when TEST_DATABASE_URL is set (every pooled connection gets it as search_path).
 */
export async function openTestDb(): Promise<TestDb> {
	const suffix = randomBytes(6).toString('hex');
	const channel = `rounds_test_${suffix}`;
	if (!testDatabaseUrl) {
		// Starting PGlite takes about a second: one migrated instance per test file, emptied
		// before each test, keeps the suite fast without sharing rows between tests.
		sharedLite ??= openPglite(undefined).then(async (db) => (await migrate(db), db));
		const db = await sharedLite;
		await db.exec(
			`truncate documents, sessions, people_auth, audit_log, email_outbox restart identity`
		);
		return { db: { ...db, close: async () => undefined }, channel, close: async () => undefined };
	}
	const schema = `t_${suffix}`;
	const admin = new pg.Client({ connectionString: testDatabaseUrl });
	await admin.connect();
	await admin.query(`create schema ${schema}`);
	await admin.end();
	const sep = testDatabaseUrl.includes('?') ? '&' : '?';
	const url = `${testDatabaseUrl}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
	const db = await openPostgres(url);
	await migrate(db);
	return {
		db,
		url,
		channel,
		async close() {
			await db.close();
			const c = new pg.Client({ connectionString: testDatabaseUrl });
			await c.connect();
			await c.query(`drop schema ${schema} cascade`);
			await c.end();
		}
	};
}
