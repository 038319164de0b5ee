// Surveys (CSAT, NPS, CES, questionnaires): building, sending, answer pages and results.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { registerSurveyJobs } from './delivery.js';
import { surveyRoutes } from './routes.js';
import { scheduleAfterResolution } from './service.js';

export const surveysModule: ModuleDescriptor = {
  name: 'surveys',
  routes: surveyRoutes,
  jobs: registerSurveyJobs,
  // Every process hears of a resolution; the invitation's unique key per conversation keeps it to one.
  afterCommit: (ctx, event) => {
    if (event.type === 'conversation.updated' && event.conversation.status === 'resolved') {
      scheduleAfterResolution(ctx, event.workspaceId, event.conversation).catch((err: unknown) =>
        ctx.log.warn({ err }, 'scheduling the survey after a resolution failed'),
      );
    }
  },
};
