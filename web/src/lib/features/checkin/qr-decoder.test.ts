import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZXING_WASM_SHA256, ZXING_WASM_VERSION } from 'barcode-detector/ponyfill';

describe('the self-hosted QR decoder', () => {
	it('ships the exact WebAssembly build the ponyfill’s JavaScript expects', () => {
		const require = createRequire(import.meta.url);
		const wasmPath = require.resolve('zxing-wasm/reader/zxing_reader.wasm');
		const wasm = readFileSync(wasmPath);
		const pkg = join(wasmPath.slice(0, wasmPath.lastIndexOf('/dist/')), 'package.json');
		const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string };
		expect(version).toBe(ZXING_WASM_VERSION);
		expect(createHash('sha256').update(wasm).digest('hex')).toBe(ZXING_WASM_SHA256);
	});
});
