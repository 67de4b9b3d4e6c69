import { describe, expect, it } from 'vitest';
import {
	MAX_DATA_URL,
	MAX_EDGE,
	MIN_EDGE,
	checkImageFile,
	encodingPlan,
	fitWithin,
	reencodeImage,
	type Attempt,
	type EncodeDeps
} from './image-encode.ts';

const file = (name: string, type: string, size = 1000) =>
	Object.assign(new Blob([new Uint8Array(size)], { type }), { name });

describe('image file checks', () => {
	it.each([
		['photo.jpg', 'image/jpeg', 5_000_000, null],
		['scan.png', 'image/png', 10, null],
		['shot.webp', '', 10, null],
		['report.pdf', 'application/pdf', 10, 'not-image'],
		['notes.txt', '', 10, 'not-image'],
		['IM0001.dcm', '', 10, 'dicom'],
		['IM0001', 'application/dicom', 10, 'dicom'],
		['logo.svg', 'image/svg+xml', 10, 'vector'],
		['empty.png', 'image/png', 0, 'empty'],
		['huge.png', 'image/png', 41 * 1024 * 1024, 'too-large']
	])('%s (%s, %i bytes) → %s', (name, type, size, refusal) => {
		expect(checkImageFile({ name, type, size })).toBe(refusal);
	});
});

describe('sizes', () => {
	it('fits the long edge in 1280 px, keeps the aspect ratio, never enlarges', () => {
		expect(fitWithin(4000, 3000)).toEqual({ width: 1280, height: 960 });
		expect(fitWithin(3000, 4000)).toEqual({ width: 960, height: 1280 });
		expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
		expect(fitWithin(10000, 1)).toEqual({ width: 1280, height: 1 });
	});

	it('plans falling quality at full size, then smaller sizes down to the minimum', () => {
		const plan = encodingPlan(4000, 3000);
		expect(plan[0]).toEqual({ width: 1280, height: 960, quality: 0.86 });
		expect(plan.slice(0, 5).every((a) => a.width === 1280)).toBe(true);
		for (let i = 1; i < plan.length; i++) {
			const [a, b] = [plan[i - 1]!, plan[i]!];
			expect(b.width < a.width || (b.width === a.width && b.quality < a.quality)).toBe(true);
		}
		expect(Math.max(...plan.map((a) => a.width))).toBeLessThanOrEqual(MAX_EDGE);
		expect(plan.at(-1)!.width).toBe(MIN_EDGE);
		// A small image is never enlarged, and its plan still ends.
		expect(encodingPlan(200, 100).every((a) => a.width === 200)).toBe(true);
	});
});

/** A fake browser: the data URL's size follows pixels × quality, as JPEG roughly does. */
function fakeDeps(bytesPerPixel: number, opts: { failDecode?: boolean; png?: boolean } = {}) {
	const tried: Attempt[] = [];
	let closed = 0;
	const deps: EncodeDeps<{ width: number; height: number; close(): void }> = {
		async decode() {
			if (opts.failDecode) throw new DOMException('The source image could not be decoded.');
			return { width: 4000, height: 3000, close: () => closed++ };
		},
		encode(_img, a) {
			tried.push(a);
			const len = Math.round(a.width * a.height * a.quality * bytesPerPixel);
			return `data:image/${opts.png ? 'png' : 'jpeg'};base64,${'A'.repeat(len)}`;
		}
	};
	return { deps, tried, closed: () => closed };
}

describe('re-encoding', () => {
	it('keeps the first encoding under the limit', async () => {
		const f = fakeDeps(0.25);
		const r = await reencodeImage(file('a.jpg', 'image/jpeg'), f.deps);
		expect(r).toMatchObject({ ok: true, width: 1280, height: 960, quality: 0.86, tries: 1 });
		expect(r.ok && r.dataUrl.length).toBeLessThanOrEqual(MAX_DATA_URL);
		expect(f.closed()).toBe(1);
	});

	it('lowers quality, then size, until it fits', async () => {
		const f = fakeDeps(0.8);
		const r = await reencodeImage(file('a.png', 'image/png'), f.deps);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.dataUrl.length).toBeLessThanOrEqual(MAX_DATA_URL);
		// 1280×960 at the lowest quality is still too large; 960×720 at 0.7 is the first that fits.
		expect(r).toMatchObject({ width: 960, height: 720, quality: 0.7, tries: 8 });
		expect(f.tried.length).toBe(r.tries);
	});

	it('refuses what never fits, what does not decode and what is not an image', async () => {
		expect(await reencodeImage(file('a.jpg', 'image/jpeg'), fakeDeps(20).deps)).toEqual({
			ok: false,
			refusal: 'cannot-fit'
		});
		const broken = fakeDeps(0.25, { failDecode: true });
		expect(await reencodeImage(file('a.jpg', 'image/jpeg'), broken.deps)).toEqual({
			ok: false,
			refusal: 'undecodable'
		});
		const pdf = fakeDeps(0.25);
		expect(await reencodeImage(file('a.pdf', 'application/pdf'), pdf.deps)).toEqual({
			ok: false,
			refusal: 'not-image'
		});
		expect(pdf.tried).toEqual([]);
	});

	it('refuses a browser that answers PNG instead of JPEG (metadata-free JPEG is the point)', async () => {
		const f = fakeDeps(0.01, { png: true });
		expect(await reencodeImage(file('a.jpg', 'image/jpeg'), f.deps)).toEqual({
			ok: false,
			refusal: 'cannot-fit'
		});
		expect(f.closed()).toBe(1);
	});
});
