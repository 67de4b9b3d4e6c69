import { serve } from '@hono/node-server';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { defaultConfig, type Deps } from './app-env.ts';
import { createApp } from './app.ts';
import { openDb } from './db/db.ts';
import { migrate } from './db/migrations.ts';
import { acquireDataDirLock, DataDirBusyError } from './db/data-dir-lock.ts';
import { createChangeFeed } from './modules/sync/change-feed.ts';
import { startMailer } from './modules/notifications/mail.ts';
import { startFollowUps } from './modules/notifications/follow-up.ts';
import { startReviewReminders } from './modules/iq/reminders.ts';
import { startParticipationReminders } from './modules/reminders/participation.ts';
import { seedDemo, DEMO_LOGINS, DEMO_PASSWORD } from './demo/seed.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const port = Number(process.env.PORT ?? 3000);
const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = resolve(root, process.env.DATA_DIR ?? 'data');
const demo = process.env.DEMO !== '0';

let release: (() => void) | undefined;
if (!databaseUrl) {
	mkdirSync(dataDir, { recursive: true });
	try {
		release = acquireDataDirLock(dataDir);
	} catch (e) {
		if (!(e instanceof DataDirBusyError)) throw e;
		// One line an operator can act on, not a stack trace; nothing was opened or changed.
		console.error(
			`Rounds cannot start: another Rounds process${e.pid ? ` (${e.pid})` : ''} is using the data folder ${dataDir}. Stop it first, or set DATA_DIR or DATABASE_URL.`
		);
		process.exit(2);
	}
}
const db = await openDb({ databaseUrl, dataDir });
await migrate(db);
const feed = await createChangeFeed(db);
const deps: Deps = {
	db,
	feed,
	config: {
		...defaultConfig,
		webDir: resolve(root, 'web/build'),
		smtpUrl: process.env.SMTP_URL || undefined,
		mailFrom: process.env.MAIL_FROM || defaultConfig.mailFrom,
		publicUrl: process.env.PUBLIC_URL || `http://localhost:${port}`,
		trustedOrigins: (process.env.TRUSTED_ORIGINS ?? '').split(',').filter(Boolean),
		dicomwebUrl: process.env.DICOMWEB_URL || undefined
	},
	now: () => new Date()
};
const seeded = demo ? await seedDemo(deps) : false;
const app = createApp(deps);
const stopMailer = startMailer(deps);
const stopFollowUps = startFollowUps(deps);
const stopReviewReminders = startReviewReminders(deps);
const stopParticipation = startParticipationReminders(deps, { timeZone: process.env.TIME_ZONE });
const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '0.0.0.0' }, () => {
	const where = databaseUrl ? 'PostgreSQL' : `PGlite in ${dataDir}`;
	console.log(`Rounds is running at http://localhost:${port} (database: ${where})`);
	if (demo) {
		console.log(seeded ? 'Demo data loaded.' : 'Demo data already present.');
		console.log(`Demo logins (password "${DEMO_PASSWORD}"):`);
		for (const l of DEMO_LOGINS) console.log(`  ${l.email.padEnd(34)} ${l.what}`);
	}
});

let stopping = false;
async function shutdown() {
	if (stopping) return;
	stopping = true;
	stopMailer();
	stopFollowUps();
	stopReviewReminders();
	stopParticipation();
	server.close();
	await feed.close();
	await db.close();
	release?.();
	process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
