import {
	notificationSchema,
	type Notification
} from '@rounds/shared/notifications/notification.schema';
import { readersOf } from '@rounds/shared/sync/access';
import { personFactory } from '@rounds/shared/testing/factories';
import type { Person } from '@rounds/shared/identity/identity.schema';
import { defaultConfig, type Deps } from '../../server/src/app-env.ts';
import { openDb } from '../../server/src/db/db.ts';
import { migrate } from '../../server/src/db/migrations.ts';
import { createChangeFeed } from '../../server/src/modules/sync/change-feed.ts';
import { hashPassword } from '../../server/src/modules/identity/password.ts';
import { insertPerson } from '../../server/src/modules/identity/people.repository.ts';
import { seedDemo, DEMO_PASSWORD } from '../../server/src/demo/seed.ts';

/** A benchmark account: a radiologist of the demo organisation with its own inbox. */
export interface BenchUser {
	person: Person;
	/** How many notifications the server holds for them. */
	docs: number;
}

export const BENCH_PASSWORD = DEMO_PASSWORD;

const T0 = Date.UTC(2026, 0, 1);
// Close to the issue's ~1.5 KB per document while inside the schema's limits (body ≤ 1,000).
const BODY = 'Synthetic benchmark message, no patient data. '.repeat(22).slice(0, 1000);

/** The i-th notification of a user: valid for the shared schema, ~1.5 KB as JSON. */
export function benchNotification(userId: string, i: number): Notification {
	const at = new Date(T0 + i * 1000).toISOString();
	return notificationSchema.parse({
		id: `bench-${userId}-${i}`,
		createdAt: at,
		updatedAt: at,
		userId,
		kind: 'reminder',
		title: `Benchmark reminder ${i}: review the follow-up of the synthetic case `.padEnd(180, '.'),
		body: BODY,
		link: `/inbox?bench=${i}&from=${'synthetic-'.repeat(20)}`.slice(0, 250),
		readAt: null
	});
}

/**
 * Fills a fresh PGlite folder before the server opens it: the demo organisation, then one bench
 * user per entry of `sizes` with that many notifications. Rows go in through SQL in batches (as
 * the repository's `insertDocument` would, same columns and readers), each parsed by the shared
 * schema first, so the browser receives nothing its validator would refuse.
 */
export async function seedBenchData(
	dataDir: string,
	users: { key: string; docs: number }[]
): Promise<Record<string, BenchUser>> {
	const db = await openDb({ dataDir });
	try {
		await migrate(db);
		const feed = await createChangeFeed(db);
		const deps: Deps = { db, feed, config: defaultConfig, now: () => new Date() };
		await seedDemo(deps);
		await feed.close();
		const hash = await hashPassword(BENCH_PASSWORD);
		const out: Record<string, BenchUser> = {};
		for (const { key, docs } of users) {
			const person = personFactory({
				id: `bench-${key}`,
				email: `bench-${key}@bench.rounds.test`,
				name: `Bench ${key}`,
				roles: ['radiologist']
			});
			await db.transaction(async (tx) => {
				await insertPerson(tx, person, hash);
				const readers = readersOf('notifications', benchNotification(person.id, 0));
				for (let from = 0; from < docs; from += 1000) {
					const batch = Array.from({ length: Math.min(1000, docs - from) }, (_, k) =>
						benchNotification(person.id, from + k)
					);
					await tx.query(
						`insert into documents (collection, id, data, deleted, readers)
						 select 'notifications', d->>'id', d, false, $2::text[]
						   from jsonb_array_elements($1::jsonb) as d`,
						[JSON.stringify(batch), readers]
					);
				}
			});
			out[key] = { person, docs };
		}
		return out;
	} finally {
		await db.close();
	}
}
