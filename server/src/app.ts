import { Hono } from 'hono';
import type { AppEnv, Deps } from './app-env.ts';
import { originCheck, securityHeaders } from './http/security.ts';
import { serveWebApp } from './http/static.ts';
import { identityRoutes } from './modules/identity/identity.routes.ts';
import { sessionMiddleware } from './modules/identity/session.middleware.ts';
import { replicationRoutes } from './modules/sync/replication.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { iqRoutes } from './modules/iq/iq.routes.ts';
import { iqAnalyticsRoutes } from './modules/iq-analytics/iq-analytics.routes.ts';
import { examRoutes } from './modules/exams/exams.routes.ts';
import { conferenceRoutes } from './modules/conferences/conferences.routes.ts';
import { reportsRoutes } from './modules/reports/reports.routes.ts';
import { surveyRoutes } from './modules/survey/survey.routes.ts';
import { dashboardRoutes } from './modules/dashboards/dashboards.routes.ts';
import { preferencesRoutes } from './modules/preferences/preferences.routes.ts';

/** Builds the HTTP app. No port: tests call `app.request()` directly. */
export function createApp(deps: Deps) {
	const app = new Hono<AppEnv>();
	app.use('*', securityHeaders(deps.config.webDir));
	app.use('/api/*', originCheck(deps.config.trustedOrigins));
	app.use('/api/*', sessionMiddleware(deps));
	app.onError((err, c) => {
		console.error(err);
		return c.json({ error: 'server-error', message: 'Something went wrong on the server.' }, 500);
	});
	app.get('/api/health', async (c) => {
		await deps.db.query('select 1');
		return c.json({ status: 'ok' as const, database: deps.db.kind });
	});
	app.route('/api', identityRoutes(deps));
	app.route('/api/replication', replicationRoutes(deps));
	app.route('/api/audit', auditRoutes(deps));
	app.route('/api/iq', iqRoutes(deps));
	app.route('/api/iq-analytics', iqAnalyticsRoutes(deps));
	app.route('/api/exams', examRoutes(deps));
	app.route('/api/conferences', conferenceRoutes(deps));
	app.route('/api/reports', reportsRoutes(deps));
	app.route('/api/survey', surveyRoutes(deps));
	app.route('/api/dashboards', dashboardRoutes(deps));
	app.route('/api/me/preferences', preferencesRoutes(deps));
	if (deps.config.webDir) serveWebApp(app, deps.config.webDir);
	return app;
}
export type App = ReturnType<typeof createApp>;
