import type { Person } from '@rounds/shared/identity/identity.schema';
import type { Db } from './db/db.ts';
import type { ChangeFeed } from './modules/sync/change-feed.ts';

export interface Config {
	/** Session idle timeout in minutes. */
	idleMinutes: number;
	/** Absolute session lifetime in hours. */
	absoluteHours: number;
	/** Hours a device may reopen the app offline after its last online login. */
	offlineHours: number;
	/** Directory of the built web app to serve, if any. */
	webDir?: string;
	/** Origins allowed to send state-changing requests besides the request's own. */
	trustedOrigins: string[];
	smtpUrl?: string;
	/** Base URL used in email links. */
	publicUrl: string;
	mailFrom: string;
	/** QIDO-RS base URL of the PACS's DICOMweb service (e.g. `http://pacs:8042/dicom-web`), if any. */
	dicomwebUrl?: string;
	/** How long one PACS query may take before the import gives up. */
	dicomwebTimeoutMs: number;
}

export const defaultConfig: Config = {
	idleMinutes: 60,
	absoluteHours: 12,
	offlineHours: 12,
	trustedOrigins: [],
	mailFrom: 'Rounds <rounds@localhost>',
	publicUrl: 'http://localhost:3000',
	dicomwebTimeoutMs: 20_000
};

export interface Deps {
	db: Db;
	feed: ChangeFeed;
	config: Config;
	/** Injected clock: tests pass a fake one. */
	now: () => Date;
}

/** The signed-in person as routes see it. */
export type SessionUser = Person;

export interface AppEnv {
	Variables: {
		user: SessionUser | null;
		sessionId: string | null;
	};
}
