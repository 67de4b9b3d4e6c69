import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../db/db.ts';
import { migrate } from '../db/migrations.ts';

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
		const db = await openPglite(undefined);
		await migrate(db);
		return { db, channel, close: () => db.close() };
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
