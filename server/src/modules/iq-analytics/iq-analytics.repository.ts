import type { Queryable } from '../../db/db.ts';
import type { Modality } from '@rounds/shared/common.schema';
import type {
	AnalyticsReview,
	AnalyticsSite,
	AnalyticsTemplate
} from '@rounds/shared/reviews/analytics';

interface ReviewRow {
	modality: Modality;
	site_id: string;
	status: AnalyticsReview['status'];
	answers: AnalyticsReview['answers'] | null;
	ranking: string | null;
	attention_required: boolean | null;
	due_on: string;
	template_id: string;
	performed_at: string;
	escalation_status: 'open' | 'closed' | null;
}

/**
 * The reviews of exams performed between two days (inclusive), reduced in SQL to the fields the
 * analytics read: reviewers, performers, accessions and comments never leave the database.
 */
export async function analyticsReviews(
	q: Queryable,
	from: string,
	to: string,
	modality: Modality | undefined
): Promise<AnalyticsReview[]> {
	const { rows } = await q.query<ReviewRow>(
		`select data->>'modality' as modality,
		        data->>'siteId' as site_id,
		        data->>'status' as status,
		        data->'answers' as answers,
		        data->>'ranking' as ranking,
		        (data->>'attentionRequired')::boolean as attention_required,
		        data->>'dueOn' as due_on,
		        data->>'templateId' as template_id,
		        data->>'performedAt' as performed_at,
		        data->'escalation'->>'status' as escalation_status
		   from documents
		  where collection = 'iq_reviews'
		    and not deleted
		    and left(data->>'performedAt', 10) between $1 and $2
		    and ($3::text is null or data->>'modality' = $3)`,
		[from, to, modality ?? null]
	);
	return rows.map((r) => ({
		modality: r.modality,
		siteId: r.site_id,
		status: r.status,
		answers: r.answers ?? {},
		ranking: r.ranking ?? '',
		attentionRequired: r.attention_required === true,
		dueOn: r.due_on,
		templateId: r.template_id,
		performedAt: r.performed_at,
		escalation: r.escalation_status ? { status: r.escalation_status } : null
	}));
}

/** Site names and criteria templates (labels, ranking scales): small settings documents. */
export async function analyticsSettings(
	q: Queryable
): Promise<{ sites: AnalyticsSite[]; templates: AnalyticsTemplate[] }> {
	const { rows } = await q.query<{
		data: { id: string; kind: string; name: string; data: unknown };
	}>(
		`select data from documents
		  where collection = 'settings' and not deleted
		    and data->>'kind' in ('site', 'criteria-template')`
	);
	return {
		sites: rows
			.filter((r) => r.data.kind === 'site')
			.map((r) => ({ id: r.data.id, name: r.data.name })),
		templates: rows
			.filter((r) => r.data.kind === 'criteria-template')
			.map((r) => ({ id: r.data.id, data: r.data.data as AnalyticsTemplate['data'] }))
	};
}
