import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

/**
 * A Y4M video (YUV4MPEG2, 4:2:0) of one QR code, for Chromium's fake camera
 * (`--use-file-for-fake-video-capture`). The camera loops the frames; each frame is the code,
 * black on white, centred with a quiet zone. Chroma is neutral (grey), luma carries the code.
 */
export function qrVideo(
	text: string,
	opts: { width?: number; height?: number; frames?: number } = {}
): Buffer {
	const width = opts.width ?? 640;
	const height = opts.height ?? 480;
	const frames = opts.frames ?? 2;
	const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const size = qr.modules.size;
	// Four modules of quiet zone on each side, as the QR specification asks.
	const scale = Math.floor(Math.min(width, height) / (size + 8));
	if (scale < 2) throw new Error(`A ${size}-module code does not fit ${width}×${height}`);
	const left = Math.floor((width - size * scale) / 2);
	const top = Math.floor((height - size * scale) / 2);
	const luma = Buffer.alloc(width * height, 255);
	for (let r = 0; r < size; r++)
		for (let c = 0; c < size; c++) {
			if (!qr.modules.get(r, c)) continue;
			for (let y = 0; y < scale; y++) {
				const row = (top + r * scale + y) * width + left + c * scale;
				luma.fill(16, row, row + scale);
			}
		}
	const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
	const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
	const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
	return Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]);
}

/** Writes the video of `text` to `path` (the file the fake camera plays). */
export function writeQrVideo(path: string, text: string): void {
	writeFileSync(path, qrVideo(text));
}
