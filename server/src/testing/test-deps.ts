import type { Person } from '@rounds/shared/identity/identity.schema';
import { personFactory } from '@rounds/shared/testing/factories';
import { defaultConfig, type Config, type Deps } from '../app-env.ts';
import { createChangeFeed } from '../modules/sync/change-feed.ts';
import { hashPassword } from '../modules/identity/password.ts';
import { insertPerson } from '../modules/identity/people.repository.ts';
import { openTestDb, type TestDb } from './test-db.ts';

export interface TestDeps extends Deps {
	clock: { now: Date; advance(ms: number): void };
	close(): Promise<void>;
	t: TestDb;
}

/** Dependencies for server tests: a fresh database, a feed, and a clock the test moves. */
export async function makeTestDeps(config: Partial<Config> = {}): Promise<TestDeps> {
	const t = await openTestDb();
	const feed = await createChangeFeed(t.db, t.channel);
	const clock = {
		now: new Date('2026-03-02T09:00:00Z'),
		advance(ms: number) {
			this.now = new Date(this.now.getTime() + ms);
		}
	};
	return {
		t,
		db: t.db,
		feed,
		config: { ...defaultConfig, ...config },
		now: () => clock.now,
		clock,
		async close() {
			await feed.close();
			await t.close();
		}
	};
}

export const TEST_PASSWORD = 'correct-horse-battery';

/** Inserts a person who can sign in with TEST_PASSWORD. */
export async function createTestPerson(deps: Deps, over: Partial<Person> = {}): Promise<Person> {
	const p = personFactory(over);
	const hash = await hashPassword(TEST_PASSWORD);
	await deps.db.transaction((tx) => insertPerson(tx, p, hash));
	return p;
}
