/**
 * Key images are re-encoded on the device before they are stored: decoded, drawn on a canvas
 * and saved as JPEG. Drawing keeps only pixels, so EXIF and every other metadata block (device,
 * GPS, DICOM-derived tags written by viewers) are dropped. The decisions are pure and tested;
 * the browser part is injected (`EncodeDeps`).
 */

/** The stored data URL's bound (caseSchema) and the app's bounds on key images. */
export const MAX_DATA_URL = 400_000;
export const MAX_EDGE = 1280;
export const MIN_EDGE = 320;
export const MAX_IMAGES = 4;
/** Larger files are refused before decoding: a phone photo is ~5 MB, a screenshot far less. */
export const MAX_INPUT_BYTES = 40 * 1024 * 1024;
const QUALITIES = [0.86, 0.78, 0.7, 0.6, 0.5];

export type ImageRefusal =
	| 'empty'
	| 'not-image'
	| 'dicom'
	| 'vector'
	| 'too-large'
	| 'undecodable'
	| 'cannot-fit'
	| 'too-many';

const RASTER_EXT = /\.(jpe?g|png|webp|gif|bmp|avif|heic|heif|tiff?)$/i;

/** Refuses what cannot be a key image before any decoding is tried; null when it may be one. */
export function checkImageFile(file: {
	name: string;
	type: string;
	size: number;
}): ImageRefusal | null {
	const type = file.type.toLowerCase();
	if (type === 'application/dicom' || /\.dcm$/i.test(file.name)) return 'dicom';
	// SVG is a document, not pixels: it can hold text and scripts, and canvas cannot vouch for it.
	if (type === 'image/svg+xml' || /\.svgz?$/i.test(file.name)) return 'vector';
	if (type ? !type.startsWith('image/') : !RASTER_EXT.test(file.name)) return 'not-image';
	if (file.size === 0) return 'empty';
	if (file.size > MAX_INPUT_BYTES) return 'too-large';
	return null;
}

/** The size that fits in `max`×`max`, keeping the aspect ratio; never enlarged. */
export function fitWithin(width: number, height: number, max = MAX_EDGE) {
	const scale = Math.min(1, max / Math.max(width, height));
	return {
		width: Math.max(1, Math.round(width * scale)),
		height: Math.max(1, Math.round(height * scale))
	};
}

export interface Attempt {
	width: number;
	height: number;
	quality: number;
}

/**
 * The encodings to try in order until one fits: falling quality at full size first (detail
 * matters more than compression noise on a slide), then smaller sizes, down to MIN_EDGE.
 */
export function encodingPlan(width: number, height: number): Attempt[] {
	const plan: Attempt[] = [];
	let edge = Math.min(MAX_EDGE, Math.max(width, height));
	for (;;) {
		const size = fitWithin(width, height, edge);
		for (const quality of QUALITIES) plan.push({ ...size, quality });
		if (edge <= MIN_EDGE) return plan;
		edge = Math.max(MIN_EDGE, Math.round(edge * 0.75));
	}
}

const JPEG_DATA_URL = /^data:image\/jpeg;base64,[A-Za-z0-9+/=]+$/;

/** True when the encoder's output can be stored as it is. */
export function fits(dataUrl: string): boolean {
	return dataUrl.length <= MAX_DATA_URL && JPEG_DATA_URL.test(dataUrl);
}

export interface Decoded {
	width: number;
	height: number;
	close(): void;
}
export interface EncodeDeps<D extends Decoded> {
	decode(file: Blob): Promise<D>;
	/** The image drawn at this size, as a JPEG data URL (whatever the browser gives back). */
	encode(image: D, attempt: Attempt): string;
}

export type EncodeResult =
	| { ok: true; dataUrl: string; width: number; height: number; quality: number; tries: number }
	| { ok: false; refusal: ImageRefusal };

/** Re-encodes one file (see the module comment); refusals say why, nothing is half done. */
export async function reencodeImage<D extends Decoded>(
	file: Blob & { name: string },
	deps: EncodeDeps<D>
): Promise<EncodeResult> {
	const refusal = checkImageFile(file);
	if (refusal) return { ok: false, refusal };
	let image: D;
	try {
		image = await deps.decode(file);
	} catch {
		return { ok: false, refusal: 'undecodable' };
	}
	try {
		if (!(image.width > 0 && image.height > 0)) return { ok: false, refusal: 'undecodable' };
		let tries = 0;
		for (const attempt of encodingPlan(image.width, image.height)) {
			tries++;
			const dataUrl = deps.encode(image, attempt);
			// A browser that cannot write JPEG answers PNG: trying smaller will not help.
			if (!dataUrl.startsWith('data:image/jpeg')) return { ok: false, refusal: 'cannot-fit' };
			if (fits(dataUrl)) return { ok: true, dataUrl, ...attempt, tries };
		}
		return { ok: false, refusal: 'cannot-fit' };
	} finally {
		image.close();
	}
}

/** The browser's decoder and a canvas; EXIF orientation is applied before it is dropped. */
export function browserEncodeDeps(): EncodeDeps<ImageBitmap> {
	const canvas = document.createElement('canvas');
	return {
		decode: (file) => createImageBitmap(file, { imageOrientation: 'from-image' }),
		encode(image, { width, height, quality }) {
			canvas.width = width;
			canvas.height = height;
			const ctx = canvas.getContext('2d');
			if (!ctx) return '';
			// JPEG has no transparency: transparent areas are drawn on white, as on a page.
			ctx.fillStyle = '#fff';
			ctx.fillRect(0, 0, width, height);
			ctx.imageSmoothingQuality = 'high';
			ctx.drawImage(image, 0, 0, width, height);
			return canvas.toDataURL('image/jpeg', quality);
		}
	};
}
