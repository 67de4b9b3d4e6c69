// Runs the server suite against PostgreSQL (TEST_DATABASE_URL). It may be skipped only outside CI when no
// PostgreSQL is reachable; in CI an absent server is a failure, never a silent skip.
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const url = new URL(process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test');
const reachable = await new Promise((resolve) => {
	const s = net.connect({ host: url.hostname, port: Number(url.port || 5432) });
	s.setTimeout(2000);
	s.on('connect', () => (s.destroy(), resolve(true)));
	s.on('error', () => resolve(false));
	s.on('timeout', () => (s.destroy(), resolve(false)));
});
if (!reachable) {
	if (process.env.CI) {
		console.error(
			`PostgreSQL is not reachable at ${url.host}: the PostgreSQL tests must run in CI.`
		);
		process.exit(1);
	}
	console.warn(
		`PostgreSQL is not reachable at ${url.host}: skipping the PostgreSQL suite (CI is unset).`
	);
	process.exit(0);
}
const env = { ...process.env, TEST_DATABASE_URL: url.toString() };
// The workspace's own vitest, so this also works when run directly (`node .ci/test-postgres.mjs`).
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const r = spawnSync(
	process.execPath,
	[vitest, 'run', '--project', 'server', ...process.argv.slice(2)],
	{ stdio: 'inherit', env, shell: false }
);
if (r.error) console.error(`Could not start vitest: ${r.error.message}`);
process.exit(r.status ?? 1);
