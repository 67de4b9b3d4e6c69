import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import { collections, isCollectionName, type CollectionName } from '@rounds/shared/sync/registry';
import { toRxJsonSchema } from '@rounds/shared/sync/rxdb-schema';
import { principalsOf } from '@rounds/shared/sync/access';
import {
	MAX_BATCH,
	MAX_PUSH_BYTES,
	SCHEMA_VERSION_HEADER,
	decodeCheckpoint,
	pushBody,
	type ApiError
} from '@rounds/shared/sync/protocol';
import type { AppEnv, Deps } from '../../app-env.ts';
import { clientIp } from '../../http/client-ip.ts';
import { audit } from '../audit/audit.repository.ts';
import { readableDocument, toWire } from './documents.repository.ts';
import { pull, push, PushRejected } from './replication.service.ts';

function fail(
	c: Context<AppEnv>,
	status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 426,
	body: ApiError
) {
	return c.json(body, status);
}

/** Rule 9: a client built against another schema version must update before syncing. */
function schemaMismatch(c: Context<AppEnv>, name: CollectionName): ApiError | null {
	const sent = c.req.header(SCHEMA_VERSION_HEADER);
	const expected = `${name}@${collections[name].version}`;
	if (sent === expected) return null;
	return {
		error: 'outdated-client',
		message: 'This version of Rounds is out of date. Reload the app to update before syncing.',
		details: { expected, received: sent ?? null }
	};
}

const ip = (c: Context<AppEnv>) => clientIp(c) ?? null;

/** RxDB HTTP replication: registry, pull, push and the live stream. */
export function replicationRoutes(deps: Deps) {
	return new Hono<AppEnv>()
		.get('/', (c) =>
			c.json(
				Object.values(collections).map((d) => ({
					name: d.name,
					version: d.version,
					schema: toRxJsonSchema(d)
				}))
			)
		)
		.use('*', async (c, next) => {
			if (!c.get('user'))
				return fail(c, 401, { error: 'unauthenticated', message: 'Sign in to sync' });
			await next();
		})
		.get('/stream', (c) => {
			// No compression on this route; heartbeats keep proxies from closing it.
			return streamSSE(c, async (stream) => {
				const queue: string[] = [];
				let wake: (() => void) | null = null;
				const unsubscribe = deps.feed.subscribe((collection) => {
					queue.push(collection === '*' ? 'RESYNC' : JSON.stringify({ collection, resync: true }));
					wake?.();
				});
				const abort = c.req.raw.signal;
				const closed = new Promise<void>((resolve) => {
					if (abort.aborted) resolve();
					abort.addEventListener('abort', () => resolve(), { once: true });
					stream.onAbort(() => resolve());
				});
				let open = true;
				void closed.then(() => {
					open = false;
					wake?.();
				});
				try {
					await stream.writeSSE({ data: 'RESYNC' });
					while (open) {
						if (!queue.length) {
							const tick = new Promise<void>((r) => {
								wake = r;
								setTimeout(r, 15_000);
							});
							await tick;
							wake = null;
							if (!queue.length && open) await stream.write(': heartbeat\n\n');
							continue;
						}
						await stream.writeSSE({ data: queue.shift()! });
					}
				} finally {
					unsubscribe();
				}
			});
		})
		.get('/:collection/pull', async (c) => {
			const name = c.req.param('collection');
			if (!isCollectionName(name))
				return fail(c, 404, {
					error: 'unknown-collection',
					message: `No collection named "${name}"`
				});
			const outdated = schemaMismatch(c, name);
			if (outdated) return fail(c, 426, outdated);
			const checkpoint = decodeCheckpoint(c.req.query('checkpoint'));
			if (checkpoint === 'invalid')
				return fail(c, 400, {
					error: 'bad-checkpoint',
					message: 'The checkpoint is not of the form xid:seq'
				});
			const size = Number(c.req.query('batchSize') ?? 100);
			if (!Number.isInteger(size) || size < 1 || size > MAX_BATCH)
				return fail(c, 400, {
					error: 'bad-batch-size',
					message: `batchSize must be a whole number from 1 to ${MAX_BATCH}`
				});
			const user = c.get('user')!;
			const result = await pull(deps, user, name, checkpoint, size);
			// Viewing learning content is audited: which submissions reached which device.
			if (name === 'submissions' && result.documents.length)
				await audit(deps.db, {
					actorId: user.id,
					action: 'pull',
					collection: name,
					outcome: 'ok',
					detail: { ids: result.documents.map((d) => d.id) },
					ip: ip(c)
				});
			return c.json(result);
		})
		.get('/:collection/doc/:id', async (c) => {
			// One document as this user's pull would serve it: a device whose change was refused
			// puts the server's copy back (a pull cannot ask for one id). Unreadable = absent.
			const name = c.req.param('collection');
			if (!isCollectionName(name))
				return fail(c, 404, {
					error: 'unknown-collection',
					message: `No collection named "${name}"`
				});
			const outdated = schemaMismatch(c, name);
			if (outdated) return fail(c, 426, outdated);
			const id = c.req.param('id');
			const user = c.get('user')!;
			const row =
				id.length <= 200
					? await readableDocument(deps.db, name, id, principalsOf(user))
					: undefined;
			if (!row)
				return fail(c, 404, {
					error: 'not-found',
					message: 'No such document, or you may not read it'
				});
			if (name === 'submissions')
				await audit(deps.db, {
					actorId: user.id,
					action: 'pull',
					collection: name,
					outcome: 'ok',
					detail: { ids: [row.id] },
					ip: ip(c)
				});
			return c.json(toWire(row));
		})
		.post(
			'/:collection/push',
			bodyLimit({
				maxSize: MAX_PUSH_BYTES,
				onError: async (c) => {
					const body: ApiError = {
						error: 'too-large',
						message: `A push may carry at most ${MAX_PUSH_BYTES} bytes`
					};
					await audit(deps.db, {
						actorId: c.get('user')?.id ?? null,
						action: 'push',
						collection: c.req.param('collection')?.slice(0, 60),
						outcome: 'rejected',
						detail: { ...body },
						ip: ip(c)
					});
					return c.json(body, 413);
				}
			}),
			async (c) => {
				const name = c.req.param('collection');
				const user = c.get('user')!;
				const rejected = async (status: 400 | 403 | 404 | 409 | 422 | 426, body: ApiError) => {
					await audit(deps.db, {
						actorId: user.id,
						action: 'push',
						collection: name.slice(0, 60),
						outcome: 'rejected',
						detail: { error: body.error, message: body.message, details: body.details ?? null },
						ip: ip(c)
					});
					return fail(c, status, body);
				};
				if (!isCollectionName(name))
					return rejected(404, {
						error: 'unknown-collection',
						message: `No collection named "${name}"`
					});
				const outdated = schemaMismatch(c, name);
				if (outdated) return rejected(426, outdated);
				let json: unknown;
				try {
					json = await c.req.json();
				} catch {
					return rejected(400, {
						error: 'malformed',
						message: 'The request body is not valid JSON'
					});
				}
				const body = pushBody.safeParse(json);
				if (!body.success)
					return rejected(400, {
						error: 'malformed',
						message:
							'A push is an array of at most 200 { assumedMasterState, newDocumentState } rows',
						details: body.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`)
					});
				try {
					const result = await push(deps, user, name, body.data);
					for (const a of result.accepted)
						await audit(deps.db, {
							actorId: user.id,
							action: 'push',
							collection: name,
							docId: a.id,
							outcome: 'ok',
							deviceAt: a.deviceAt,
							ip: ip(c)
						});
					await deps.feed.publish(result.changed);
					return c.json(result.conflicts);
				} catch (e) {
					if (e instanceof PushRejected)
						return rejected(e.status, {
							error: 'rejected',
							message: e.message,
							details: e.details
						});
					throw e;
				}
			}
		);
}
