import type { Conference } from '@rounds/shared/conferences/conference.schema';
import type { Person } from '@rounds/shared/identity/identity.schema';
import type { Notification } from '@rounds/shared/notifications/notification.schema';
import type { Settings } from '@rounds/shared/org/settings.schema';
import {
	currentPolicy,
	dayNumber,
	dayOf,
	dayString,
	everyonesProgress,
	periodContaining,
	type TargetPolicy
} from '@rounds/shared/reports/targets';
import { readersOf } from '@rounds/shared/sync/access';
import type { Deps } from '../../app-env.ts';
import type { Queryable } from '../../db/db.ts';
import { queueEmails } from '../notifications/mail.ts';
import { getReminderPreferences } from '../preferences/preferences.repository.ts';
import { allDocuments, insertDocument } from '../sync/documents.repository.ts';
import { notificationId } from '../sync/side-effects.ts';

/**
 * Participation reminders (DOMAIN.md, "Targets and the annual report"): the mid-period reminder
 * with the person's current submission count, and the day-before reminder of a conference. Both
 * are optional: a person who opted out (`/api/me/preferences`) gets none. Each has a
 * deterministic notification id (per person and period, per person and conference date), and the
 * email outbox is keyed by that id, so any number of runs, on any number of server instances,
 * remind once; a refused email stays in the outbox and is retried (see notifications/mail.ts).
 *
 * Days are calendar days in `timeZone` (the program's zone; UTC unless configured), computed with
 * the same shared arithmetic the browser uses, so the count in the email is the count on
 * My progress.
 */
export interface ReminderOptions {
	timeZone?: string;
}

export interface ReminderRun {
	midPeriod: number;
	conferences: number;
}

const MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
];
const fmt = (n: number) => String(Math.round(n * 100) / 100);

async function policyDocs(q: Queryable): Promise<Settings[]> {
	const r = await q.query<{ data: Settings }>(
		`select data from documents
		  where collection = 'settings' and not deleted and data->>'kind' = 'target-policy'`
	);
	return r.rows.map((x) => x.data);
}

/** Is today the configured mid-period day (or later in the same period: a missed run catches up)? */
function midPeriodDue(policy: TargetPolicy, today: string): boolean {
	const day = policy.reminders.midPeriodDay;
	if (day === null) return false;
	if (policy.submissions.per === 'month') return +today.slice(8, 10) >= day;
	// Weekly: 1 Monday … 5 Friday; the weekend is past the work week.
	const weekday = ((dayNumber(today) + 3) % 7) + 1;
	return weekday >= day && weekday <= 5;
}

/** The mid-period notification for one person; the count and target are in the title (the email). */
function midPeriodNotice(
	person: Person,
	periodId: string,
	per: 'month' | 'work-week',
	count: number,
	target: number,
	at: string
): Notification {
	const what = per === 'month' ? 'this month' : 'this week';
	const made = `${count} learning ${count === 1 ? 'opportunity' : 'opportunities'}`;
	const title = `Peer learning ${what}: ${made} submitted (target ${fmt(target)})`;
	const label =
		per === 'month'
			? `${MONTHS[+periodId.slice(5, 7) - 1]} ${periodId.slice(0, 4)}`
			: `week ${periodId.slice(6)} of ${periodId.slice(0, 4)}`;
	return {
		id: notificationId(`mid:${periodId}`, person.id),
		createdAt: at,
		updatedAt: at,
		userId: person.id,
		kind: 'reminder',
		title,
		body: `${label}: you have submitted ${count}; the target is ${fmt(target)}${
			person.fte < 1 && target > 0 ? ` (prorated for ${fmt(person.fte)} FTE)` : ''
		}. Every case you share helps colleagues learn.`,
		link: '/progress',
		readAt: null
	};
}

/**
 * Sends the mid-period reminder to every active radiologist with a submission target who has not
 * opted out, once per period, from the configured day on. Returns how many were new.
 */
export async function sendMidPeriodReminders(
	deps: Deps,
	opts: ReminderOptions = {}
): Promise<number> {
	const tz = opts.timeZone ?? 'UTC';
	const now = deps.now();
	const today = dayOf(now.toISOString(), tz)!;
	const year = +today.slice(0, 4);
	const policy = currentPolicy(await policyDocs(deps.db), year)?.data;
	if (!policy || !midPeriodDue(policy, today)) return 0;
	const period = periodContaining(policy.submissions.per, today);
	const people = (await allDocuments<Person>(deps.db, 'people')).filter(
		(p) => p.active && p.roles.includes('radiologist')
	);
	const prefs = await getReminderPreferences(
		deps.db,
		people.map((p) => p.id)
	);
	const recipients = people.filter((p) => prefs.get(p.id)!.midPeriodReminders);
	if (!recipients.length) return 0;
	// Submissions of the period only (a day either side covers any time zone's offset).
	const subs = await deps.db.query<{ submitterId: string; status: string; submittedAt: string }>(
		`select data->>'submitterId' as "submitterId", data->>'status' as status,
		        data->>'submittedAt' as "submittedAt"
		   from documents
		  where collection = 'submissions' and not deleted and data->>'status' <> 'draft'
		    and data->>'submittedAt' >= $1 and data->>'submittedAt' < $2`,
		[dayString(period.first - 1), dayString(period.end + 1)]
	);
	const progress = everyonesProgress(
		policy,
		recipients,
		year,
		{ submissions: subs.rows, attendance: [], conferences: [], iqReviews: [] },
		now,
		tz
	);
	const at = now.toISOString();
	const notices: Notification[] = [];
	for (const [i, p] of progress.entries()) {
		const s = p.submissions;
		if (!s?.period) continue;
		notices.push(
			midPeriodNotice(
				recipients[i]!,
				s.period.id,
				policy.submissions.per,
				s.periodCount,
				s.periodTarget,
				at
			)
		);
	}
	return deliver(deps, notices);
}

/** Who a conference concerns: its section's staff (department-wide: every radiologist). */
function audienceOf(c: Conference, people: readonly Person[]): Person[] {
	return people.filter((p) => {
		if (!p.active) return false;
		if (c.kind === 'department') return p.roles.includes('radiologist');
		if (c.kind === 'iq-rounds')
			return (
				c.modality !== '' &&
				(p.modalities.includes(c.modality) || p.leadOfModalities.includes(c.modality))
			);
		return c.sectionId !== '' && p.sectionIds.includes(c.sectionId);
	});
}

/**
 * Reminds the day before a scheduled conference (or on the day, before it starts, when the day
 * before was missed): its section's staff who did not opt out, and its facilitators always (they
 * run it). Once per person and conference date: a conference moved to another day is reminded
 * again. Returns how many were new.
 */
export async function sendConferenceReminders(
	deps: Deps,
	opts: ReminderOptions = {}
): Promise<number> {
	const tz = opts.timeZone ?? 'UTC';
	const now = deps.now();
	const today = dayOf(now.toISOString(), tz)!;
	const policy = currentPolicy(await policyDocs(deps.db), +today.slice(0, 4))?.data;
	if (policy && !policy.reminders.upcomingConferences) return 0;
	const tomorrow = dayString(dayNumber(today) + 1);
	// Conferences starting in the next two days (by UTC text); the exact day is checked below.
	const horizon = new Date(now.getTime() + 3 * 86_400_000).toISOString();
	const rows = await deps.db.query<{ data: Conference }>(
		`select data from documents
		  where collection = 'conferences' and not deleted and data->>'status' = 'scheduled'
		    and data->>'startsAt' > $1 and data->>'startsAt' < $2`,
		[now.toISOString(), horizon]
	);
	const soon = rows.rows
		.map((r) => r.data)
		.filter((c) => {
			const d = dayOf(c.startsAt, tz);
			return d !== null && d <= tomorrow && new Date(c.startsAt) > now;
		});
	if (!soon.length) return 0;
	const people = await allDocuments<Person>(deps.db, 'people');
	const byId = new Map(people.map((p) => [p.id, p]));
	const prefs = await getReminderPreferences(
		deps.db,
		people.map((p) => p.id)
	);
	const at = now.toISOString();
	const notices: Notification[] = [];
	for (const c of soon) {
		const day = dayOf(c.startsAt, tz)!;
		const time = new Intl.DateTimeFormat('en-CA', {
			timeZone: tz,
			hour: '2-digit',
			minute: '2-digit',
			hour12: false
		}).format(new Date(c.startsAt));
		const facilitators = c.facilitatorIds.map((id) => byId.get(id)).filter((p) => p?.active);
		const audience = audienceOf(c, people).filter((p) => prefs.get(p.id)!.conferenceReminders);
		const seen = new Set<string>();
		for (const p of [...facilitators, ...audience]) {
			if (!p || seen.has(p.id)) continue;
			seen.add(p.id);
			const facilitating = c.facilitatorIds.includes(p.id);
			notices.push({
				id: notificationId(`conf:${c.id}:${day}`, p.id),
				createdAt: at,
				updatedAt: at,
				userId: p.id,
				kind: 'conference-upcoming',
				title: `${day === today ? 'Today' : 'Tomorrow'} at ${time}: ${c.title}`,
				body: `${facilitating ? 'You are facilitating. ' : ''}${day} ${time} ${tz} · ${
					c.mode === 'virtual' ? 'virtual' : c.location || c.mode
				}`,
				link: `/conferences/${c.id}`,
				readAt: null
			});
		}
	}
	return deliver(deps, notices);
}

/** Stores new notifications (an existing id is left alone) and queues their emails, in one go. */
async function deliver(deps: Deps, notices: Notification[]): Promise<number> {
	const fresh: Notification[] = [];
	await deps.db.transaction(async (tx) => {
		for (const n of notices)
			if (await insertDocument(tx, 'notifications', n, false, readersOf('notifications', n)))
				fresh.push(n);
		await queueEmails(tx, deps, fresh);
	});
	if (fresh.length) await deps.feed.publish(['notifications']);
	return fresh.length;
}

/** One run of every participation reminder. */
export async function sendParticipationReminders(
	deps: Deps,
	opts: ReminderOptions = {}
): Promise<ReminderRun> {
	return {
		midPeriod: await sendMidPeriodReminders(deps, opts),
		conferences: await sendConferenceReminders(deps, opts)
	};
}

/** Runs the participation reminders now and then every `everyMs` while the server runs. */
export function startParticipationReminders(
	deps: Deps,
	opts: ReminderOptions = {},
	everyMs = 60 * 60_000
): () => void {
	try {
		new Intl.DateTimeFormat('en', { timeZone: opts.timeZone ?? 'UTC' });
	} catch {
		console.error(
			`Participation reminders are off: TIME_ZONE "${opts.timeZone}" is not a time zone name (use one like America/Toronto).`
		);
		return () => undefined;
	}
	const run = () =>
		void sendParticipationReminders(deps, opts).catch((e) =>
			console.error('participation reminders failed', e)
		);
	run();
	const timer = setInterval(run, everyMs);
	return () => clearInterval(timer);
}
