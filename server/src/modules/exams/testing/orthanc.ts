import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian's `orthanc` and `orthanc-dicomweb` packages put the server and the plugin. */
export const ORTHANC_BIN = ['/usr/sbin/Orthanc', '/usr/bin/Orthanc'].find((p) => existsSync(p));
export const DICOMWEB_PLUGIN = [
	'/usr/share/orthanc/plugins/libOrthancDicomWeb.so',
	'/usr/lib/orthanc/libOrthancDicomWeb.so'
].find((p) => existsSync(p));

async function freePort(): Promise<number> {
	const s = createServer();
	await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
	const port = (s.address() as { port: number }).port;
	await new Promise((r) => s.close(r));
	return port;
}

export interface RunningOrthanc {
	url: string;
	dicomweb: string;
	/** Stores one DICOM Part 10 file (Orthanc's REST `POST /instances`). */
	upload(file: Buffer): Promise<void>;
	stop(): Promise<void>;
}

/**
 * A private Orthanc for one test file: its own port and temporary storage, the DICOM (C-STORE)
 * listener off, only loopback, no authentication, the DICOMweb plugin at /dicom-web/.
 */
export async function startOrthanc(): Promise<RunningOrthanc> {
	if (!ORTHANC_BIN || !DICOMWEB_PLUGIN)
		throw new Error('Orthanc or its DICOMweb plugin is missing');
	const dir = mkdtempSync(join(tmpdir(), 'rounds-orthanc-'));
	const port = await freePort();
	const config = {
		Name: 'rounds-test',
		StorageDirectory: join(dir, 'storage'),
		IndexDirectory: join(dir, 'storage'),
		HttpPort: port,
		DicomServerEnabled: false,
		DicomPort: await freePort(),
		RemoteAccessAllowed: false,
		AuthenticationEnabled: false,
		Plugins: [DICOMWEB_PLUGIN],
		DicomWeb: { Enable: true, Root: '/dicom-web/' }
	};
	writeFileSync(join(dir, 'orthanc.json'), JSON.stringify(config));
	const child: ChildProcess = spawn(ORTHANC_BIN, [join(dir, 'orthanc.json')], {
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let log = '';
	child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
	const exited = new Promise<void>((r) => child.once('exit', () => r()));
	const url = `http://127.0.0.1:${port}`;
	const stop = async () => {
		if (child.exitCode === null) child.kill('SIGTERM');
		await exited;
		rmSync(dir, { recursive: true, force: true });
	};
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) {
			await stop();
			throw new Error(`Orthanc exited during start-up:\n${log}`);
		}
		const up = await fetch(`${url}/system`).then(
			(r) => r.ok,
			() => false
		);
		if (up) break;
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`Orthanc did not start within 30 seconds:\n${log}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		url,
		dicomweb: `${url}/dicom-web`,
		async upload(file) {
			const res = await fetch(`${url}/instances`, {
				method: 'POST',
				headers: { 'content-type': 'application/dicom' },
				body: new Uint8Array(file)
			});
			if (!res.ok)
				throw new Error(`Orthanc refused the instance: ${res.status} ${await res.text()}`);
		},
		stop
	};
}
