import { api, ApiRequestError } from '#lib/api/api.ts';
import { reportOf, type CommitResult, type ImportReport } from './import-report.ts';

/**
 * One import source's preview → commit flow (online only). A rejected commit brings back its
 * report, shown like a preview; any change to the input clears both so a stale preview can never
 * be committed.
 */
export class ImportFlow {
	report = $state.raw<ImportReport | null>(null);
	result = $state.raw<CommitResult | null>(null);
	error = $state('');
	busy = $state(false);

	constructor(private readonly base: string) {}

	reset(): void {
		this.report = null;
		this.result = null;
		this.error = '';
	}

	async preview(body: unknown): Promise<void> {
		await this.run(async () => {
			this.report = await api<ImportReport>(`${this.base}/preview`, {
				method: 'POST',
				json: body
			});
		});
	}

	async commit(body: unknown): Promise<void> {
		await this.run(async () => {
			const r = await api<CommitResult>(`${this.base}/commit`, { method: 'POST', json: body });
			this.result = r;
			this.report = null;
		});
	}

	private async run(fn: () => Promise<void>): Promise<void> {
		this.busy = true;
		this.error = '';
		this.result = null;
		try {
			await fn();
		} catch (e) {
			const report = e instanceof ApiRequestError ? reportOf(e.body.details) : null;
			if (report) this.report = report;
			else {
				this.report = null;
				this.error = e instanceof Error ? e.message : String(e);
			}
		} finally {
			this.busy = false;
		}
	}
}
