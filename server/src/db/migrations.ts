import type { Db } from './db.ts';

/** Ordered, append-only. Each runs once, in a transaction, recorded in `migrations`. */
export const migrations: { id: string; sql: string }[] = [
	{
		id: '001-core',
		sql: `
create table people_auth (
	person_id text primary key,
	email text not null unique,
	password_hash text not null,
	updated_at timestamptz not null default now()
);
create table sessions (
	id text primary key,
	person_id text not null,
	created_at timestamptz not null default now(),
	last_seen_at timestamptz not null default now(),
	expires_at timestamptz not null,
	ended_at timestamptz
);
create index sessions_person on sessions(person_id);
-- Every replicated document of every collection. "xid" and "seq" order changes by commit
-- (see modules/sync/documents.repository.ts); they never enter the document itself.
create table documents (
	collection text not null,
	id text not null,
	data jsonb not null,
	deleted boolean not null default false,
	readers text[] not null,
	xid xid8 not null default pg_current_xact_id(),
	seq bigserial not null,
	server_updated_at timestamptz not null default clock_timestamp(),
	primary key (collection, id)
);
create index documents_pull on documents(collection, xid, seq);
create index documents_readers on documents using gin(readers);
create table audit_log (
	id bigserial primary key,
	at timestamptz not null default clock_timestamp(),
	device_at text,
	actor_id text,
	action text not null,
	collection text,
	doc_id text,
	outcome text not null,
	detail jsonb not null default '{}'::jsonb,
	ip text
);
create index audit_actor on audit_log(actor_id, at);
-- The log is append-only: refuse updates and deletes at the database level.
create function audit_log_immutable() returns trigger language plpgsql as $$
begin raise exception 'audit_log is append-only'; end $$;
create trigger audit_log_no_update before update or delete on audit_log
	for each row execute function audit_log_immutable();
`
	},
	{
		id: '002-email-outbox',
		sql: `
-- Email is sent from an outbox so a failed send is retried and a retried push never mails twice:
-- one row per notification id.
create table email_outbox (
	id text primary key,
	to_address text not null,
	subject text not null,
	body text not null,
	status text not null default 'pending',
	attempts int not null default 0,
	last_error text,
	next_attempt_at timestamptz not null default now(),
	sent_at timestamptz
);
create index email_outbox_due on email_outbox(status, next_attempt_at);
`
	},
	{
		id: '003-iq-assignment-runs',
		sql: `
-- One row per image-quality assignment run: everything needed to replay the draw (the engine's
-- input as it was, the seed, the engine version) and the assignment it produced, so anyone can
-- check later that the draw was the seeded random one. Append-only, like the audit log.
create table iq_assignment_runs (
	id text primary key,
	modality text not null,
	period text not null,
	mode jsonb not null,
	seed text not null,
	engine text not null,
	due_on text not null,
	template_id text not null,
	template_version int not null,
	created_by text not null,
	created_at timestamptz not null default clock_timestamp(),
	-- Engine input: exams {id, siteId, performerId}, reviewers {id, siteIds}, existing, skipExamIds.
	input jsonb not null,
	exam_ids text[] not null,
	reviewer_ids text[] not null,
	assignments jsonb not null,
	counts jsonb not null
);
create index iq_assignment_runs_modality on iq_assignment_runs(modality, period, created_at);
create function iq_assignment_runs_immutable() returns trigger language plpgsql as $$
begin raise exception 'iq_assignment_runs is append-only'; end $$;
create trigger iq_assignment_runs_no_update before update or delete on iq_assignment_runs
	for each row execute function iq_assignment_runs_immutable();
`
	},
	{
		id: '004-survey-respondents',
		sql: `
-- Who has answered which program evaluation survey, and nothing else: no time, no response id,
-- so a row cannot be matched to the anonymous response document (see modules/survey).
create table survey_respondents (
	survey_id text not null,
	person_id text not null,
	primary key (survey_id, person_id)
);
`
	},
	{
		id: '005-reminder-preferences',
		sql: `
-- Opt-outs of optional reminders, one row per person who changed a default (everything on).
-- Server-side, so an email is not sent to someone who opted out on another device.
create table reminder_preferences (
	person_id text primary key,
	mid_period boolean not null default true,
	conferences boolean not null default true,
	updated_at timestamptz not null default now()
);
`
	},
	{
		id: '006-survey-pool',
		sql: `
-- Survey answers wait here, with no id, time or order, until a batch of at least five can be
-- released together in a shuffled order (see modules/survey): a response document then shares
-- its transaction, time and position with four others, never with its respondent's records.
create table survey_pool (
	survey_id text not null,
	answers jsonb not null
);
`
	}
];

/** Applies pending migrations. Safe to call on every start. */
export async function migrate(db: Db): Promise<void> {
	await db.query(
		'create table if not exists migrations (id text primary key, applied_at timestamptz not null default now())'
	);
	const done = new Set(
		(await db.query<{ id: string }>('select id from migrations')).rows.map((r) => r.id)
	);
	for (const m of migrations) {
		if (done.has(m.id)) continue;
		await db.transaction(async (tx) => {
			// Two server processes may start together on PostgreSQL: serialise on an advisory lock.
			if (db.kind === 'postgres') await tx.query('select pg_advisory_xact_lock(727001)');
			const again = await tx.query('select 1 from migrations where id = $1', [m.id]);
			if (again.rowCount) return;
			await tx.exec(m.sql);
			await tx.query('insert into migrations (id) values ($1)', [m.id]);
		});
	}
}
