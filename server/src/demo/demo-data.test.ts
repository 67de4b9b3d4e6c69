import { describe, expect, it } from 'vitest';
import { collections } from '@rounds/shared/sync/registry';
import { ROLES } from '@rounds/shared/identity/identity.schema';
import { user } from '@rounds/shared/sync/access';
import { checkSubmission, type Submission } from '@rounds/shared/submissions/submission.schema';
import { loopState, type Feedback } from '@rounds/shared/submissions/feedback.schema';
import type { Notification } from '@rounds/shared/notifications/notification.schema';
import { checkIqReview, type IqReview } from '@rounds/shared/reviews/iq-review.schema';
import type { Exam } from '@rounds/shared/reviews/exam.schema';
import type { SettingsOf } from '@rounds/shared/org/settings.schema';
import type {
	Attendance,
	Conference,
	PresentationCase
} from '@rounds/shared/conferences/conference.schema';
import { makeTestDeps } from '../testing/test-deps.ts';
import { checkPassword } from '../modules/identity/password.ts';
import { findCredentials } from '../modules/identity/people.repository.ts';
import { buildDemoData, DEMO_LOGINS, DEMO_PASSWORD } from './demo-data.ts';
import { seedDemo } from './seed.ts';

const today = new Date('2026-11-23T12:00:00Z');

describe('demo data', () => {
	const data = buildDemoData(today);
	const of = <T>(c: string) => data.docs.filter((d) => d.collection === c).map((d) => d.doc as T);
	const submissions = of<Submission>('submissions');
	const feedback = of<Feedback>('feedback');
	const notifications = of<Notification>('notifications');
	const byId = new Map(submissions.map((s) => [s.id, s]));
	const iq = of<IqReview>('iq_reviews');
	const person = (id: string) => data.people.find((p) => p.id === id)!;

	it('is deterministic for a seed and changes with it', () => {
		expect(buildDemoData(today)).toEqual(data);
		expect(buildDemoData(today, 7).docs).not.toEqual(data.docs);
	});

	it('validates against the shared schemas, with unique ids per collection', () => {
		for (const p of data.people) collections.people.schema.parse(p);
		for (const { collection, doc } of data.docs) {
			const r = collections[collection].schema.safeParse(doc);
			expect(r.success, `${collection} ${doc.id}: ${r.error?.message}`).toBe(true);
		}
		const keys = data.docs.map((d) => `${d.collection}/${d.doc.id}`);
		expect(new Set(keys).size).toBe(keys.length);
	});

	it('passes the submission rules the server enforces (accession pattern of the site, reader)', () => {
		const patterns = new Map(
			data.docs
				.filter((d) => d.collection === 'settings' && d.doc.kind === 'site')
				.map((d) => [
					d.doc.id,
					String((d.doc.data as { accessionPattern: string }).accessionPattern)
				])
		);
		expect(patterns.size).toBe(4);
		const rads = new Set(
			data.people.filter((p) => p.roles.includes('radiologist')).map((p) => p.id)
		);
		expect(submissions.length).toBeGreaterThanOrEqual(140);
		for (const s of submissions)
			expect(
				checkSubmission(s, {
					accessionPatternOf: (site) => patterns.get(site),
					isRadiologist: (id) => rads.has(id)
				})
			).toEqual([]);
	});

	it('has every role, ~40 people, one chief per section, and the documented logins', () => {
		expect(new Set(data.people.flatMap((p) => p.roles))).toEqual(new Set(ROLES));
		expect(data.people.length).toBeGreaterThanOrEqual(38);
		expect(new Set(data.people.map((p) => p.name)).size).toBe(data.people.length);
		expect(data.people.every((p) => p.email.endsWith('@demo.rounds.test'))).toBe(true);
		expect(data.people.some((p) => p.fte < 1)).toBe(true);
		const sections = of<{ id: string; kind: string }>('settings').filter(
			(s) => s.kind === 'section'
		);
		expect(sections).toHaveLength(6);
		for (const s of sections)
			expect(data.people.filter((p) => p.chiefOfSectionIds.includes(s.id))).toHaveLength(1);
		for (const l of DEMO_LOGINS) expect(data.people.some((p) => p.email === l.email)).toBe(true);
		const chest = data.people.find((p) => p.email === 'chief.chest@demo.rounds.test')!;
		expect(chest.roles).toEqual(expect.arrayContaining(['section_chief', 'radiologist']));
	});

	it('has a year of cases, open and closed, with feedback loops in every state', () => {
		const statuses = new Set(submissions.map((s) => s.status));
		expect(statuses).toEqual(new Set(['submitted', 'in-review', 'closed']));
		const days = submissions.map((s) => (today.getTime() - Date.parse(s.createdAt)) / 86_400_000);
		expect(Math.max(...days)).toBeGreaterThan(330);
		expect(Math.min(...days)).toBeGreaterThanOrEqual(0);
		expect(new Set(feedback.map(loopState))).toEqual(
			new Set(['awaiting-reader', 'acknowledged', 'replied'])
		);
	});

	it('keeps every case’s steps in order and nothing after today', () => {
		const ordered = (...isos: (string | null)[]) => {
			const ms = isos.filter((x): x is string => x !== null).map(Date.parse);
			expect(ms).toEqual([...ms].sort((a, b) => a - b));
			expect(Math.max(...ms)).toBeLessThanOrEqual(today.getTime());
		};
		for (const s of submissions) {
			ordered(s.createdAt, s.triage.triagedAt, s.triage.closedAt);
			expect(s.updatedAt >= s.createdAt).toBe(true);
		}
		for (const f of feedback) {
			const s = byId.get(f.submissionId)!;
			ordered(s.triage.triagedAt, f.sentAt, f.acknowledgedAt, f.repliedAt);
			expect(f.updatedAt).toBe(f.repliedAt ?? f.acknowledgedAt ?? f.sentAt);
		}
		// Seeding early in the morning must not put today's cases in the future either.
		const dawn = new Date('2026-11-23T00:30:00Z');
		const early = buildDemoData(dawn).docs.map((d) => String(d.doc.createdAt));
		expect(early.every((c) => Date.parse(c) <= dawn.getTime())).toBe(true);
	});

	it('gives feedback only on triaged cases, to their reader, never naming the submitter', () => {
		for (const f of feedback) {
			const s = byId.get(f.submissionId)!;
			expect(s.status).not.toBe('submitted');
			expect(f.readerId).toBe(s.originalReaderId);
			expect(f.readerId).not.toBe(s.submitterId);
			expect(f.senderId).not.toBe(f.readerId);
			expect(JSON.stringify(f)).not.toContain(`"${s.submitterId}"`);
			expect(JSON.stringify(f)).not.toContain(person(s.submitterId).name);
			expect(f.caseSummary.accession).toBe(s.accession);
		}
	});

	it('notifies the triager of new cases and the reader of feedback', () => {
		for (const n of notifications) {
			if (n.kind === 'submission-routed') {
				const s = byId.get(n.link.split('/').pop()!)!;
				const triager = person(n.userId);
				if (s.sectionId) expect(triager.chiefOfSectionIds).toContain(s.sectionId);
				else expect(triager.roles).toContain('peer_learning_director');
			} else if (n.kind === 'attention-required') {
				const rv = iq.find((x) => n.link === `/iq/${x.id}`)!;
				expect(person(n.userId).leadOfModalities).toContain(rv.modality);
				expect(rv.escalation).toBeNull();
			} else if (n.kind === 'learning-feedback') {
				const rv = iq.find((x) => n.body.startsWith(`${x.modality} · ${x.accession}:`))!;
				expect(n.userId).toBe(rv.performerId);
				expect(rv.escalation?.status).toBe('closed');
			} else {
				expect(n.kind).toBe('feedback-received');
				const f = feedback.find((f) => n.link === `/feedback/${f.id}`)!;
				expect(n.userId).toBe(f.readerId);
			}
		}
		const open = submissions.filter((s) => s.status === 'submitted');
		expect(notifications.filter((n) => n.kind === 'submission-routed')).toHaveLength(open.length);
	});
});

describe('demo image-quality program', () => {
	const data = buildDemoData(today);
	const of = <T>(c: string) => data.docs.filter((d) => d.collection === c).map((d) => d.doc as T);
	const iq = of<IqReview>('iq_reviews');
	const exams = new Map(of<Exam>('exams').map((e) => [e.id, e]));
	const templates = of<SettingsOf<'criteria-template'>>('settings').filter(
		(s) => s.kind === 'criteria-template'
	);

	it('ships a checklist per modality and answers every submitted review completely', () => {
		expect(templates.map((t) => t.data.modality).sort()).toEqual([
			'CT',
			'MG',
			'MR',
			'NM',
			'US',
			'XR'
		]);
		for (const rv of iq) {
			const t = templates.find((x) => x.id === rv.templateId)!;
			expect(checkIqReview(rv, t.data), rv.id).toEqual([]);
		}
	});

	it('never assigns an exam to the person who performed it, nor an exam twice', () => {
		for (const rv of iq) {
			expect(rv.reviewerId).not.toBe(exams.get(rv.examId)!.performerId);
			expect(exams.get(rv.examId)!.accession).toBe(rv.accession);
		}
		expect(new Set(iq.map((rv) => rv.examId)).size).toBe(iq.length);
	});

	it('has a year of reviews, some escalated and closed, some still open, and work for sono1', () => {
		expect(new Set(iq.map((rv) => rv.period)).size).toBe(12);
		expect(iq.filter((rv) => rv.escalation?.status === 'closed').length).toBeGreaterThan(5);
		const open = iq.filter(
			(rv) => rv.attentionRequired && rv.status === 'submitted' && !rv.escalation
		);
		expect(open.some((rv) => rv.modality === 'US')).toBe(true);
		const sono1 = iq.filter((rv) => rv.reviewerId === 'u-sono1' && rv.status === 'assigned');
		expect(sono1.length).toBeGreaterThanOrEqual(3);
		for (const rv of iq) expect(Date.parse(rv.updatedAt)).toBeLessThanOrEqual(today.getTime());
		for (const e of exams.values())
			expect(Date.parse(e.performedAt)).toBeLessThanOrEqual(today.getTime());
	});
});

describe('demo conferences', () => {
	const data = buildDemoData(today);
	const of = <T>(c: string) => data.docs.filter((d) => d.collection === c).map((d) => d.doc as T);
	const conferences = of<Conference>('conferences');
	const cases = new Map(of<PresentationCase>('cases').map((c) => [c.id, c]));
	const attendance = of<Attendance>('attendance');
	const keys = of<SettingsOf<'conference-key'>>('settings').filter(
		(s) => s.kind === 'conference-key'
	);

	it('has a year of held conferences with agendas, attendance and published learnings', () => {
		const held = conferences.filter((c) => c.status === 'held');
		expect(held.length).toBeGreaterThan(60);
		for (const c of held) {
			expect(c.caseIds.length, c.id).toBeGreaterThanOrEqual(2);
			expect(c.publishedAt).not.toBeNull();
			for (const id of c.caseIds) expect(cases.get(id)?.gatePassedAt, id).not.toBeNull();
		}
		expect(conferences.some((c) => c.status === 'scheduled')).toBe(true);
		expect(new Set(conferences.map((c) => c.kind))).toEqual(
			new Set(['section', 'department', 'iq-rounds'])
		);
	});

	it('records one attendance per person and conference, manual ones with a reason', () => {
		const ids = attendance.map((a) => `${a.conferenceId}|${a.userId}`);
		expect(new Set(ids).size).toBe(ids.length);
		for (const a of attendance) if (a.method !== 'qr') expect(a.reason).not.toBe('');
	});

	it('gives every conference a check-in key held by its facilitators, and one is under way now', () => {
		for (const c of conferences) {
			const key = keys.find((k) => k.data.conferenceId === c.id);
			expect(key?.data.facilitatorIds).toEqual(c.facilitatorIds);
		}
		const now = conferences.find((c) => c.id === 'conf-iq-US-now')!;
		expect(Date.parse(now.startsAt)).toBeLessThan(today.getTime());
		expect(Date.parse(now.endsAt)).toBeGreaterThan(today.getTime());
	});
});

describe('seedDemo', () => {
	// A year of demo data (~2,000 documents) into a fresh database: slow on a loaded 2-core machine.
	it('seeds an empty database once, with working logins, and announces every collection', async () => {
		const deps = await makeTestDeps();
		deps.clock.now = today;
		const data = buildDemoData(today);
		const announced = new Set<string>();
		const off = deps.feed.subscribe((c) => announced.add(c));
		try {
			expect(await seedDemo(deps)).toBe(true);
			await expect.poll(() => announced.has('submissions')).toBe(true);
			expect(announced).toEqual(new Set(Object.keys(collections)));

			expect(await seedDemo(deps)).toBe(false);
			const n = await deps.db.query<{ n: string }>(`select count(*)::text as n from documents`);
			expect(Number(n.rows[0]!.n)).toBe(data.people.length + data.docs.length);

			const cred = await findCredentials(deps.db, 'rad1@demo.rounds.test');
			expect(await checkPassword(DEMO_PASSWORD, cred?.passwordHash)).toBe(true);
			expect(await checkPassword('wrong', cred?.passwordHash)).toBe(false);

			// Stored readers come from the shared access rules: a reader sees the feedback, the
			// submitter of that case does not (unless they happen to be its sender).
			const { rows } = await deps.db.query<{ id: string; readers: string[]; data: Feedback }>(
				`select id, readers, data from documents where collection = 'feedback'`
			);
			expect(rows.length).toBeGreaterThan(0);
			for (const r of rows) {
				expect(r.readers).toContain(user(r.data.readerId));
				const submitter = data.docs.find((d) => d.doc.id === r.data.submissionId)!.doc
					.submitterId as string;
				if (submitter !== r.data.senderId) expect(r.readers).not.toContain(user(submitter));
			}
		} finally {
			off();
			await deps.close();
		}
	}, 90_000);
});
