import { defineConfig, devices } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * End-to-end tests drive the real built app, served by the real server on a fresh PGlite
 * folder with the demo organisation, in Debian's Chromium (Playwright cannot download its own).
 * Run `pnpm build` first (the root `test:e2e` script does).
 */
const port = Number(process.env.E2E_PORT ?? 4173);

// The config is evaluated by the runner and again by every worker: the runner picks the folder
// once and the workers inherit it through the environment. The server creates it; global-setup
// removes the folders of earlier runs.
process.env.ROUNDS_E2E_DATA_DIR ??= join(tmpdir(), `rounds-e2e-${Date.now()}`);
const dataDir = process.env.ROUNDS_E2E_DATA_DIR;

export const chromiumArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

const TABLET = { width: 820, height: 1180 };
const LAPTOP = { width: 1366, height: 768 };

export default defineConfig({
	testDir: './specs',
	globalSetup: './global-setup.ts',
	timeout: 90_000,
	expect: { timeout: 15_000 },
	fullyParallel: false,
	// Two cores: one browser at a time keeps timings honest.
	workers: 1,
	retries: process.env.CI ? 1 : 0,
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	use: {
		baseURL: `http://localhost:${port}`,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		serviceWorkers: 'allow',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			headless: true,
			args: chromiumArgs
		}
	},
	// Tablet-first: every spec runs on the tablet unless it is tagged @laptop.
	projects: [
		{
			name: 'tablet',
			grepInvert: /@laptop/,
			use: { ...devices['Desktop Chrome'], viewport: TABLET, hasTouch: true }
		},
		{
			name: 'laptop',
			grep: /@laptop/,
			use: { ...devices['Desktop Chrome'], viewport: LAPTOP }
		}
	],
	webServer: {
		command: 'node --import tsx ../server/src/main.ts',
		url: `http://localhost:${port}/api/health`,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'ignore',
		stderr: 'pipe',
		env: { PORT: String(port), DATA_DIR: dataDir, DEMO: '1', HOST: '127.0.0.1' }
	}
});
