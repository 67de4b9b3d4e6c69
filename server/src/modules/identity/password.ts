import { hash, verify } from '@node-rs/argon2';

// argon2id (OWASP's first choice) through @node-rs/argon2: maintained, prebuilt for every
// platform through npm, no node-gyp build. Parameters are the library's defaults (m=19 MiB, t=2).
const ARGON2ID = 2;

/** Hashes a password for storage. */
export function hashPassword(password: string): Promise<string> {
	return hash(password, { algorithm: ARGON2ID });
}

// Verifying against a fixed hash when the account does not exist keeps the response time the
// same for unknown emails and wrong passwords.
const DUMMY = hash('not-a-real-password', { algorithm: ARGON2ID });

/** Checks a password; `stored` undefined still costs one verification. */
export async function checkPassword(
	password: string,
	stored: string | undefined
): Promise<boolean> {
	const target = stored ?? (await DUMMY);
	const ok = await verify(target, password).catch(() => false);
	return ok && stored !== undefined;
}
