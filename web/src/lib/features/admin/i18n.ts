import { addMessages } from 'svelte-i18n';

/** Messages of the people-administration screen, registered beside the app's own. */
addMessages('en', {
	admin: {
		people: {
			title: 'People',
			intro: 'Everyone who can sign in to Rounds. Roles decide what each person sees.',
			add: 'Add a person',
			name: 'Full name',
			email: 'Email',
			roles: 'Roles',
			fte: 'FTE (0–1)',
			password: 'Initial password',
			passwordHint: 'At least 10 characters. Ask the person to change it.',
			create: 'Add person',
			created: '{name} can now sign in.',
			status: 'Status',
			active: 'Active',
			inactive: 'Deactivated',
			actions: 'Actions',
			deactivate: 'Deactivate',
			confirmDeactivate:
				'Deactivate {name}? They are signed out everywhere and can no longer sign in.',
			deactivated: '{name} was deactivated.',
			resetPassword: 'Reset password',
			newPassword: 'New password for {name}',
			passwordReset: 'Password changed for {name}.',
			cancel: 'Cancel',
			save: 'Save',
			loading: 'Loading people…',
			offline: 'People can be managed only when online.',
			empty: 'No people yet.',
			fixErrors: 'Please correct the highlighted fields.'
		}
	}
});
addMessages('fr', {
	admin: {
		people: {
			title: 'Personnes',
			intro:
				'Toutes les personnes qui peuvent se connecter à Rounds. Les rôles déterminent ce que chacun voit.',
			add: 'Ajouter une personne',
			name: 'Nom complet',
			email: 'Courriel',
			roles: 'Rôles',
			fte: 'ETP (0–1)',
			password: 'Mot de passe initial',
			passwordHint: 'Au moins 10 caractères. Demandez à la personne de le changer.',
			create: 'Ajouter',
			created: '{name} peut maintenant se connecter.',
			status: 'Statut',
			active: 'Actif',
			inactive: 'Désactivé',
			actions: 'Actions',
			deactivate: 'Désactiver',
			confirmDeactivate:
				'Désactiver {name}? Toutes ses sessions sont fermées et la personne ne pourra plus se connecter.',
			deactivated: '{name} a été désactivé.',
			resetPassword: 'Réinitialiser le mot de passe',
			newPassword: 'Nouveau mot de passe pour {name}',
			passwordReset: 'Mot de passe modifié pour {name}.',
			cancel: 'Annuler',
			save: 'Enregistrer',
			loading: 'Chargement…',
			offline: 'La gestion des personnes nécessite une connexion.',
			empty: 'Aucune personne.',
			fixErrors: 'Veuillez corriger les champs indiqués.'
		}
	}
});
