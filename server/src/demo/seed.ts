import { collectionNames } from '@rounds/shared/sync/registry';
import { readersOf } from '@rounds/shared/sync/access';
import type { Deps } from '../app-env.ts';
import { hashPassword } from '../modules/identity/password.ts';
import { insertPerson } from '../modules/identity/people.repository.ts';
import { insertDocument } from '../modules/sync/documents.repository.ts';
import { buildDemoData, DEMO_PASSWORD } from './demo-data.ts';

export { DEMO_LOGINS, DEMO_PASSWORD } from './demo-data.ts';

/** Loads the demo organisation into an empty database (no people yet); false if not empty. */
export async function seedDemo(deps: Deps): Promise<boolean> {
	const any = await deps.db.query(`select 1 from documents where collection = 'people' limit 1`);
	if (any.rowCount) return false;
	const data = buildDemoData(deps.now());
	// Every demo account shares one password, so one hash serves them all.
	const hash = await hashPassword(DEMO_PASSWORD);
	await deps.db.transaction(async (tx) => {
		for (const p of data.people) await insertPerson(tx, p, hash);
		for (const { collection, doc } of data.docs)
			await insertDocument(tx, collection, doc, false, readersOf(collection, doc as never));
	});
	await deps.feed.publish([...collectionNames]);
	return true;
}
