import { randomUUID } from 'node:crypto';

/**
 * A minimal DICOM Part 10 writer for tests: explicit VR little endian, one tiny 2×2 8-bit image,
 * only the attributes the worklist import reads. Everything it writes is synthetic.
 * Layout per PS3.10 §7.1: 128-byte preamble, "DICM", the file meta group, then the data set in
 * ascending tag order (PS3.5 §7.1).
 */
export interface SyntheticStudy {
	studyUid?: string;
	seriesUid?: string;
	sopUid?: string;
	accession: string;
	modality: string;
	/** YYYYMMDD */
	studyDate: string;
	/** HHMMSS */
	studyTime: string;
	description: string;
	institution: string;
	/** DICOM person names, `Family^Given`. */
	operators?: string[];
	readers?: string[];
	patientName?: string;
	patientId?: string;
}

/** A fresh UID under the UUID-derived root 2.25 (PS3.5 §B.2). */
export function newUid(): string {
	return `2.25.${BigInt(`0x${randomUUID().replaceAll('-', '')}`).toString()}`;
}

const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
// VRs whose explicit-VR header has two reserved bytes and a 32-bit length (PS3.5 §7.1.2).
const LONG_VRS = new Set([
	'OB',
	'OD',
	'OF',
	'OL',
	'OV',
	'OW',
	'SQ',
	'SV',
	'UC',
	'UN',
	'UR',
	'UT',
	'UV'
]);

type Element = [group: number, element: number, vr: string, value: string | Buffer | number];

function encodeValue(vr: string, value: string | Buffer | number): Buffer {
	if (typeof value === 'number') {
		const b = Buffer.alloc(2);
		b.writeUInt16LE(value);
		return b;
	}
	let b = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
	// Values have even length: UIDs and binary pad with NUL, text with a space.
	if (b.length % 2) b = Buffer.concat([b, Buffer.from(vr === 'UI' || vr === 'OB' ? [0] : [0x20])]);
	return b;
}

function encodeElement([group, element, vr, value]: Element): Buffer {
	const v = encodeValue(vr, value);
	const long = LONG_VRS.has(vr);
	const head = Buffer.alloc(long ? 12 : 8);
	head.writeUInt16LE(group, 0);
	head.writeUInt16LE(element, 2);
	head.write(vr, 4, 'latin1');
	if (long) head.writeUInt32LE(v.length, 8);
	else head.writeUInt16LE(v.length, 6);
	return Buffer.concat([head, v]);
}

/** One DICOM Part 10 file holding a single-instance study. */
export function syntheticDicom(s: SyntheticStudy): Buffer {
	const sopUid = s.sopUid ?? newUid();
	const meta = Buffer.concat(
		(
			[
				[0x0002, 0x0001, 'OB', Buffer.from([0, 1])],
				[0x0002, 0x0002, 'UI', SECONDARY_CAPTURE],
				[0x0002, 0x0003, 'UI', sopUid],
				[0x0002, 0x0010, 'UI', EXPLICIT_LE],
				[0x0002, 0x0012, 'UI', '1.2.826.0.1.3680043.10.1.1']
			] as Element[]
		).map(encodeElement)
	);
	const groupLength = Buffer.alloc(4);
	groupLength.writeUInt32LE(meta.length);
	const data: Element[] = [
		[0x0008, 0x0005, 'CS', 'ISO_IR 192'],
		[0x0008, 0x0016, 'UI', SECONDARY_CAPTURE],
		[0x0008, 0x0018, 'UI', sopUid],
		[0x0008, 0x0020, 'DA', s.studyDate],
		[0x0008, 0x0030, 'TM', s.studyTime],
		[0x0008, 0x0050, 'SH', s.accession],
		[0x0008, 0x0060, 'CS', s.modality],
		[0x0008, 0x0080, 'LO', s.institution],
		[0x0008, 0x1030, 'LO', s.description],
		[0x0008, 0x1060, 'PN', (s.readers ?? []).join('\\')],
		[0x0008, 0x1070, 'PN', (s.operators ?? []).join('\\')],
		[0x0010, 0x0010, 'PN', s.patientName ?? 'Synthetic^Patient'],
		[0x0010, 0x0020, 'LO', s.patientId ?? 'SYN-0001'],
		[0x0020, 0x000d, 'UI', s.studyUid ?? newUid()],
		[0x0020, 0x000e, 'UI', s.seriesUid ?? newUid()],
		[0x0020, 0x0010, 'SH', '1'],
		[0x0020, 0x0011, 'IS', '1'],
		[0x0020, 0x0013, 'IS', '1'],
		[0x0028, 0x0002, 'US', 1],
		[0x0028, 0x0004, 'CS', 'MONOCHROME2'],
		[0x0028, 0x0010, 'US', 2],
		[0x0028, 0x0011, 'US', 2],
		[0x0028, 0x0100, 'US', 8],
		[0x0028, 0x0101, 'US', 8],
		[0x0028, 0x0102, 'US', 7],
		[0x0028, 0x0103, 'US', 0],
		[0x7fe0, 0x0010, 'OB', Buffer.from([0, 64, 128, 255])]
	];
	return Buffer.concat([
		Buffer.alloc(128),
		Buffer.from('DICM', 'latin1'),
		encodeElement([0x0002, 0x0000, 'UL', groupLength]),
		meta,
		...data.map(encodeElement)
	]);
}
