// Automation rules and their runs. The console's requests of this feature, in one place.
import type { AutomationRule, AutomationRun } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

/** Every request of this feature, named: components call these, never a URL. */
export const automationApi = {
  createAutomationRule: (body: unknown) => api('POST', '/api/automation-rules', body),
  deleteAutomationRule: (automationRuleId: string) => api('DELETE', `/api/automation-rules/${automationRuleId}`),
  listAutomationRuleRuns: (automationRuleId: string) =>
    api<AutomationRun[]>('GET', `/api/automation-rules/${automationRuleId}/runs`),
  listAutomationRules: () => api<AutomationRule[]>('GET', '/api/automation-rules'),
  updateAutomationRule: (automationRuleId: string, body: unknown) =>
    api('PATCH', `/api/automation-rules/${automationRuleId}`, body),
};

/** Query keys of this feature's shared reads: mutations and live frames invalidate these. */
export const automationKeys = {
  automationRules: ['automation-rules'] as const,
};

export function useAutomationRules() {
  return useQuery({ queryKey: automationKeys.automationRules, queryFn: () => automationApi.listAutomationRules() });
}
