import type { Modality } from '../common.schema.ts';
import type { SettingsOf } from '../org/settings.schema.ts';

/**
 * Shipped image-quality checklists, one per modality, short on purpose: the program cut an
 * 18-item form that took nine minutes to nine items (DOMAIN.md, workflow A). Leads edit them;
 * every edit is a new version (a new settings document) and the old one is retired, so a review
 * keeps the version it was answered against.
 */
const FOUR_LEVEL = ['Excellent', 'Good', 'Acceptable', 'Unacceptable'];
const PGMI = ['Perfect', 'Good', 'Moderate', 'Inadequate'];

interface Draft {
	name: string;
	rankingScale: string[];
	commentPrompt: string;
	criteria: [id: string, label: string, allowNa: boolean][];
}

const DRAFTS: Record<Modality, Draft> = {
	XR: {
		name: 'General radiography',
		rankingScale: FOUR_LEVEL,
		commentPrompt: 'What would have made this exam better?',
		criteria: [
			['collimation', 'Collimation appropriate to the region', false],
			['centering', 'Centred on the region of interest', false],
			['exposure', 'Exposure appropriate (no noise, no burn-out)', false],
			['markers', 'Anatomical side marker present and correct', false],
			['artefacts', 'Free of avoidable artefacts', false],
			['motion', 'No motion blur', false],
			['positioning', 'Positioning demonstrates the required anatomy', false]
		]
	},
	CT: {
		name: 'Computed tomography',
		rankingScale: FOUR_LEVEL,
		commentPrompt: 'What would have made this exam better?',
		criteria: [
			['protocol', 'Protocol appropriate to the indication', false],
			['coverage', 'Scan range covers the region, no excess', false],
			['contrast', 'Contrast timing appropriate', true],
			['dose', 'Dose within the reference level', false],
			['artefacts', 'Free of avoidable artefacts (metal, motion, arms)', false],
			['reformats', 'Required reformats sent to PACS', false],
			['centering', 'Patient centred in the gantry', false]
		]
	},
	MR: {
		name: 'Magnetic resonance',
		rankingScale: FOUR_LEVEL,
		commentPrompt: 'What would have made this exam better?',
		criteria: [
			['protocol', 'Protocol appropriate to the indication', false],
			['sequences', 'All required sequences acquired', false],
			['coverage', 'Coverage includes the region of interest', false],
			['motion', 'No degrading motion', false],
			['artefacts', 'Free of avoidable artefacts', false],
			['contrast', 'Contrast given and timed correctly', true],
			['coil', 'Appropriate coil and positioning', false]
		]
	},
	US: {
		name: 'Ultrasound',
		rankingScale: FOUR_LEVEL,
		commentPrompt: 'What would have made this exam better?',
		criteria: [
			['image-set', 'Protocol image set complete', false],
			['annotations', 'Images annotated (side, organ, plane)', false],
			['probe', 'Probe and preset appropriate', false],
			['measurements', 'Measurements present and correctly placed', true],
			['doppler', 'Doppler settings appropriate', true],
			['limitations', 'Patient limitations documented', true]
		]
	},
	MG: {
		name: 'Mammography (PGMI)',
		rankingScale: PGMI,
		commentPrompt: 'What would have made these views better?',
		criteria: [
			['nipple', 'Nipple in profile', false],
			['pectoral', 'Pectoral muscle to nipple level on MLO', false],
			['imf', 'Inframammary fold shown', false],
			['pnl', 'Posterior nipple line within 1 cm between views', false],
			['motion', 'No motion', false],
			['skin-folds', 'No skin folds', false],
			['markers', 'Correct markers', false]
		]
	},
	NM: {
		name: 'Nuclear medicine',
		rankingScale: FOUR_LEVEL,
		commentPrompt: 'What would have made this study better?',
		criteria: [
			['dose', 'Administered activity documented and appropriate', false],
			['timing', 'Imaging at the correct time after injection', false],
			['positioning', 'Positioning and field of view correct', false],
			['counts', 'Adequate counts', false],
			['motion', 'No motion', false],
			['markers', 'Markers and labels present', false]
		]
	}
};

/** The id of a modality's template at a version: `ct-US-v1`. */
export const templateId = (modality: Modality, version: number): string =>
	`ct-${modality}-v${version}`;

/** Version 1 of every modality's checklist, as settings documents. */
export function defaultCriteriaTemplates(at: string): SettingsOf<'criteria-template'>[] {
	return (Object.entries(DRAFTS) as [Modality, Draft][]).map(([modality, d]) => ({
		id: templateId(modality, 1),
		createdAt: at,
		updatedAt: at,
		kind: 'criteria-template',
		name: d.name,
		active: true,
		data: {
			modality,
			version: 1,
			retired: false,
			rankingScale: d.rankingScale,
			commentPrompt: d.commentPrompt,
			criteria: d.criteria.map(([id, label, allowNa]) => ({ id, label, allowNa }))
		}
	}));
}
