import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** The one SQL dialect both back ends speak: PostgreSQL, positional `$n` parameters. */
export interface Queryable {
	query<R extends object = Record<string, unknown>>(
		sql: string,
		params?: unknown[]
	): Promise<{ rows: R[]; rowCount: number }>;
	/** Runs a script of several statements without parameters (migrations). */
	exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
	readonly kind: 'pglite' | 'postgres';
	/** Runs `fn` in one transaction; rolls back when it throws. */
	transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
	/** LISTEN on a channel (PostgreSQL only; PGlite is one process so in-process events suffice). */
	listen?(
		channel: string,
		onPayload: (payload: string) => void,
		onReconnect: () => void
	): Promise<() => Promise<void>>;
	close(): Promise<void>;
}

/** Thrown when another process holds the PGlite data folder. */
export class DataDirLockedError extends Error {}

export async function openPglite(dataDir: string | undefined): Promise<Db> {
	const lite = dataDir ? new PGlite(dataDir) : new PGlite();
	await lite.waitReady;
	// PGlite is a single connection: serialise transactions so queries never interleave.
	let chain: Promise<unknown> = Promise.resolve();
	const serial = <T>(fn: () => Promise<T>): Promise<T> => {
		const run = chain.then(fn, fn);
		chain = run.catch(() => undefined);
		return run;
	};
	const q: Queryable['query'] = async (sql, params) => {
		const r = await lite.query(sql, params as unknown[]);
		return { rows: r.rows as never[], rowCount: r.rows.length || r.affectedRows || 0 };
	};
	return {
		kind: 'pglite',
		query: (sql, params) => serial(() => q(sql, params)),
		exec: (sql) => serial(async () => void (await lite.exec(sql))),
		transaction: (fn) =>
			serial(() =>
				lite.transaction(async (tx) =>
					fn({
						query: async (sql, params) => {
							const r = await tx.query(sql, params as unknown[]);
							return { rows: r.rows as never[], rowCount: r.rows.length || r.affectedRows || 0 };
						},
						exec: async (sql) => void (await tx.exec(sql))
					})
				)
			),
		close: () => lite.close()
	};
}

export async function openPostgres(url: string): Promise<Db> {
	const pool = new pg.Pool({ connectionString: url, max: 10 });
	// Fail fast with a clear message when the server is unreachable.
	await pool.query('select 1');
	const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
		query: async (sql, params) => {
			const r = await c.query(sql, params as unknown[]);
			return { rows: r.rows, rowCount: r.rowCount ?? 0 };
		},
		exec: async (sql) => void (await c.query(sql))
	});
	return {
		kind: 'postgres',
		...wrap(pool),
		async transaction(fn) {
			const client = await pool.connect();
			try {
				await client.query('begin');
				const result = await fn(wrap(client));
				await client.query('commit');
				return result;
			} catch (e) {
				await client.query('rollback').catch(() => undefined);
				throw e;
			} finally {
				client.release();
			}
		},
		async listen(channel, onPayload, onReconnect) {
			let stopped = false;
			let client: pg.Client | null = null;
			const connect = async (): Promise<void> => {
				if (stopped) return;
				const c = new pg.Client({ connectionString: url });
				c.on('notification', (n) => n.channel === channel && onPayload(n.payload ?? ''));
				c.on('error', () => undefined);
				c.on('end', () => {
					if (stopped) return;
					// Reconnect, then tell listeners they may have missed notifications.
					setTimeout(() => void connect().then(onReconnect, () => undefined), 500);
				});
				await c.connect();
				await c.query(`listen ${pg.escapeIdentifier(channel)}`);
				client = c;
			};
			await connect();
			return async () => {
				stopped = true;
				await client?.end().catch(() => undefined);
			};
		},
		close: () => pool.end()
	};
}

/** Opens PostgreSQL when `DATABASE_URL` is set, otherwise PGlite in `DATA_DIR` (or memory). */
export async function openDb(opts: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
	if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
	return openPglite(opts.dataDir);
}
