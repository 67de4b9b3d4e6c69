import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readersOf } from '@rounds/shared/sync/access';
import { siteFactory } from '@rounds/shared/testing/factories';
import { createApp } from '../../app.ts';
import { createSessionFor } from '../identity/session.repository.ts';
import { insertDocument } from '../sync/documents.repository.ts';
import { createTestPerson, makeTestDeps, type TestDeps } from '../../testing/test-deps.ts';

/**
 * A PACS that misbehaves in every way the import must survive: each path of this little server
 * answers one kind of wrong. The import must say what happened and store nothing.
 */
let pacs: Server;
let base: string;
const requests: string[] = [];
beforeAll(async () => {
	pacs = createServer((req, res) => {
		requests.push(req.url ?? '');
		const kind = req.url?.split('/')[1];
		if (kind === 'slow') return; // never answers
		if (kind === 'error') {
			res.writeHead(500).end('Internal error');
			return;
		}
		if (kind === 'empty') {
			res.writeHead(204).end();
			return;
		}
		res.writeHead(200, { 'content-type': 'application/dicom+json' });
		if (kind === 'html') res.end('<html>Welcome to the PACS</html>');
		else if (kind === 'shape') res.end(JSON.stringify({ studies: [] }));
		else if (kind === 'values') res.end(JSON.stringify([{ '00080050': 'LG1' }]));
		else res.end('[]');
	});
	await new Promise<void>((r) => pacs.listen(0, '127.0.0.1', r));
	base = `http://127.0.0.1:${(pacs.address() as AddressInfo).port}`;
});
afterAll(async () => {
	pacs.closeAllConnections();
	await new Promise((r) => pacs.close(r));
});

async function importFrom(
	url: string,
	path: 'preview' | 'commit' = 'commit'
): Promise<{ status: number; body: { message: string; counts?: unknown }; deps: TestDeps }> {
	const deps = await makeTestDeps({ dicomwebUrl: url, dicomwebTimeoutMs: 300 });
	try {
		const site = siteFactory({ id: 'site-lg' });
		await insertDocument(deps.db, 'settings', site, false, readersOf('settings', site));
		const lead = await createTestPerson(deps, {
			roles: ['modality_quality_lead'],
			leadOfModalities: ['CT']
		});
		const cookie = `rounds_session=${await createSessionFor(deps, lead.id)}`;
		const res = await createApp(deps).request(`/api/exams/dicomweb/${path}`, {
			method: 'POST',
			headers: { cookie, origin: 'http://localhost', 'content-type': 'application/json' },
			body: JSON.stringify({ from: '2026-03-01', to: '2026-03-02', modalities: ['CT'] })
		});
		const stored = await deps.db.query(`select 1 from documents where collection = 'exams'`);
		expect(stored.rowCount).toBe(0);
		return { status: res.status, body: await res.json(), deps };
	} finally {
		await deps.close();
	}
}

describe('DICOMweb import from a misbehaving PACS', () => {
	it('queries QIDO-RS studies with the date range, modality and the fields it needs', async () => {
		const { status, body } = await importFrom(`${base}/empty/dicom-web/`, 'preview');
		expect(status).toBe(200);
		expect(body.counts).toMatchObject({ rows: 0 });
		const url = new URL(requests.at(-1)!, base);
		expect(url.pathname).toBe('/empty/dicom-web/studies');
		expect(url.searchParams.get('StudyDate')).toBe('20260301-20260302');
		expect(url.searchParams.get('ModalitiesInStudy')).toBe('CT');
		expect(url.searchParams.getAll('includefield')).toEqual([
			'00080080',
			'00081030',
			'00081060',
			'00081070'
		]);
	});
	it.each([
		['html', /not DICOM JSON/],
		['shape', /not a list of DICOM studies/],
		['values', /not a list of DICOM studies/],
		['error', /answered HTTP 500/],
		['slow', /did not answer within 0.3 seconds/]
	])('%s: a clear message and nothing stored', async (kind, message) => {
		const { status, body } = await importFrom(`${base}/${kind}`);
		expect(status).toBe(502);
		expect(body.message).toMatch(message);
		expect(body.message).toMatch(/Nothing was imported|nothing was imported/);
	});
	it('a PACS that is down: a clear message and nothing stored', async () => {
		const down = createServer();
		await new Promise<void>((r) => down.listen(0, '127.0.0.1', r));
		const port = (down.address() as AddressInfo).port;
		await new Promise((r) => down.close(r));
		const { status, body } = await importFrom(`http://127.0.0.1:${port}/dicom-web`);
		expect(status).toBe(502);
		expect(body.message).toMatch(/cannot be reached \(.*ECONNREFUSED.*\)/);
	});
	it('refuses modalities a quality lead does not lead, and bad ranges', async () => {
		const deps = await makeTestDeps({ dicomwebUrl: `${base}/empty` });
		try {
			const lead = await createTestPerson(deps, {
				roles: ['modality_quality_lead'],
				leadOfModalities: ['CT']
			});
			const cookie = `rounds_session=${await createSessionFor(deps, lead.id)}`;
			const post = (body: object) =>
				createApp(deps).request('/api/exams/dicomweb/preview', {
					method: 'POST',
					headers: { cookie, origin: 'http://localhost', 'content-type': 'application/json' },
					body: JSON.stringify(body)
				});
			const mr = await post({ from: '2026-03-01', to: '2026-03-02', modalities: ['MR'] });
			expect(mr.status).toBe(403);
			const backwards = await post({ from: '2026-03-02', to: '2026-03-01', modalities: ['CT'] });
			expect(backwards.status).toBe(400);
			expect((await backwards.json()).message).toMatch(/start date is after/);
			const year = await post({ from: '2025-01-01', to: '2026-03-01', modalities: ['CT'] });
			expect((await year.json()).message).toMatch(/at most 92 days/);
		} finally {
			await deps.close();
		}
	});
});
