import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { collections } from '@rounds/shared/sync/registry';
import { SCHEMA_VERSION_HEADER } from '@rounds/shared/sync/protocol';
import { siteFactory, submissionFactory } from '@rounds/shared/testing/factories';
import { readersOf } from '@rounds/shared/sync/access';
import type { Person } from '@rounds/shared/identity/identity.schema';
import type { AppEnv } from '../../app-env.ts';
import { createTestPerson, makeTestDeps, type TestDeps } from '../../testing/test-deps.ts';
import { replicationRoutes } from '../sync/replication.routes.ts';
import { insertDocument } from '../sync/documents.repository.ts';
import { deliverDueEmails } from './mail.ts';

/** A local SMTP server that accepts or refuses, recording what it received. */
function startSmtp(refuse: () => boolean) {
	const received: string[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		onData(stream, _session, cb) {
			let text = '';
			stream.on('data', (c: Buffer) => (text += c.toString()));
			stream.on('end', () => {
				if (refuse()) return cb(new Error('451 try again later'));
				received.push(text);
				cb();
			});
		}
	});
	return new Promise<{ url: string; received: string[]; close: () => Promise<void> }>((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const port = (server.server.address() as AddressInfo).port;
			resolve({
				url: `smtp://127.0.0.1:${port}`,
				received,
				close: () => new Promise((r) => server.close(() => r()))
			});
		});
	});
}

let deps: TestDeps;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let refusing = false;
let submitter: Person;
beforeEach(async () => {
	refusing = false;
	smtp = await startSmtp(() => refusing);
	deps = await makeTestDeps({ smtpUrl: smtp.url });
	submitter = await createTestPerson(deps, { id: 'mail-sub' });
	await createTestPerson(deps, {
		id: 'mail-chief',
		email: 'chief@example.test',
		roles: ['section_chief', 'radiologist'],
		chiefOfSectionIds: ['sec-chest']
	});
	const site = siteFactory({ id: 'site-lg' });
	await insertDocument(deps.db, 'settings', site, false, readersOf('settings', site));
});
afterEach(async () => {
	await deps.close();
	await smtp.close();
});

async function submit() {
	const app = new Hono<AppEnv>()
		.use(async (c, next) => (c.set('user', submitter), next()))
		.route('/r', replicationRoutes(deps));
	const doc = submissionFactory({ id: 'mail-case', submitterId: submitter.id });
	const res = await app.request('/r/submissions/push', {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			[SCHEMA_VERSION_HEADER]: `submissions@${collections.submissions.version}`
		},
		body: JSON.stringify([
			{ assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } }
		])
	});
	expect(res.status).toBe(200);
}

describe('email notifications', () => {
	it('mails the chief once, with a link and no case content, even when the push is retried', async () => {
		await submit();
		await submit();
		expect(await deliverDueEmails(deps)).toEqual({ sent: 1, failed: 0 });
		expect(await deliverDueEmails(deps)).toEqual({ sent: 0, failed: 0 });
		expect(smtp.received).toHaveLength(1);
		const mail = smtp.received[0]!;
		expect(mail).toMatch(/chief@example\.test/);
		expect(mail).toMatch(/\/triage\/mail-case/);
		expect(mail).not.toMatch(/LG20260001|nodule/);
	});
	it('retries a refused email later and sends it exactly once', async () => {
		await submit();
		refusing = true;
		expect(await deliverDueEmails(deps)).toEqual({ sent: 0, failed: 1 });
		refusing = false;
		expect(await deliverDueEmails(deps)).toEqual({ sent: 0, failed: 0 }); // not due yet
		deps.clock.advance(61_000);
		expect(await deliverDueEmails(deps)).toEqual({ sent: 1, failed: 0 });
		expect(smtp.received).toHaveLength(1);
	});
});
