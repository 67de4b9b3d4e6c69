import { BarcodeDetector, prepareZXingModule } from 'barcode-detector/ponyfill';
// The decoder's WebAssembly ships with the app (a hashed asset the service worker precaches), so
// scanning works offline and the page never loads code from a CDN (the ponyfill's default). The
// version is pinned to the one barcode-detector's JavaScript glue was built for (see the test).
import readerWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

export { readerWasmUrl };

const overrides = {
	locateFile: (path: string, prefix: string) =>
		path.endsWith('.wasm') ? readerWasmUrl : prefix + path
};

/**
 * Loads and compiles the decoder from this app's origin; call it while the camera starts so the
 * first frame is decoded at once. Rejects when the WebAssembly cannot load.
 */
export async function prepareQrDecoder(): Promise<void> {
	await prepareZXingModule({ overrides, fireImmediately: true });
}

/** A QR code detector (the Barcode Detection API shape) over the self-hosted decoder. */
export function createQrDetector(): BarcodeDetector {
	prepareZXingModule({ overrides });
	return new BarcodeDetector({ formats: ['qr_code'] });
}
