import { addMessages } from 'svelte-i18n';

addMessages('en', {
	templates: {
		title: 'Feedback templates',
		intro:
			'Starting points for respectful, private feedback. Chiefs adapt the message before sending.',
		new: 'New template',
		edit: 'Edit',
		name: 'Template name',
		kind: 'Kind',
		feedback: 'Learning feedback',
		recognition: 'Recognition (great call)',
		body: 'Text',
		save: 'Save template',
		cancel: 'Cancel',
		saved: 'Template “{name}” saved on this device.',
		empty: 'No templates yet.',
		inactive: 'not offered',
		deactivate: 'Stop offering',
		activate: 'Offer again'
	}
});
addMessages('fr', {
	templates: {
		title: 'Modèles de rétroaction',
		intro:
			'Points de départ pour une rétroaction respectueuse et privée. Les chefs adaptent le message avant l’envoi.',
		new: 'Nouveau modèle',
		edit: 'Modifier',
		name: 'Nom du modèle',
		kind: 'Type',
		feedback: 'Rétroaction d’apprentissage',
		recognition: 'Reconnaissance (excellent repérage)',
		body: 'Texte',
		save: 'Enregistrer le modèle',
		cancel: 'Annuler',
		saved: 'Modèle « {name} » enregistré sur cet appareil.',
		empty: 'Aucun modèle.',
		inactive: 'non proposé',
		deactivate: 'Ne plus proposer',
		activate: 'Proposer de nouveau'
	}
});
