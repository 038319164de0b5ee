import { ScrollArea } from '@mantine/core';
import { Navigate, useParams } from 'react-router';
import { can, useSession } from '../../session';
import { ApiTokensSettings } from './ApiTokensSettings';
import { WebhooksSettings } from './WebhooksSettings';
import { AutomationSettings } from '../automation/AutomationSettings';
import { AuditLogSettings } from './AuditLogSettings';
import { ChannelsSettings } from './ChannelsSettings';
import { InboxSetupSettings } from './InboxSetupSettings';
import { SlaSettings } from './SlaSettings';
import { TeamsSettings } from './TeamsSettings';
import { CustomFieldsSettings } from './CustomFieldsSettings';
import { ProfileSettings } from './ProfileSettings';
import { TeamSettings } from './TeamSettings';
import { WidgetSettings } from './WidgetSettings';
import { WorkspaceSettingsForm } from './WorkspaceSettingsForm';

const adminSections = {
  workspace: WorkspaceSettingsForm,
  team: TeamSettings,
  channels: ChannelsSettings,
  teams: TeamsSettings,
  sla: SlaSettings,
  widget: WidgetSettings,
  api: ApiTokensSettings,
  webhooks: WebhooksSettings,
  automation: AutomationSettings,
  fields: CustomFieldsSettings,
  audit: AuditLogSettings,
};

export function SettingsPage() {
  const { section = 'profile' } = useParams();
  const session = useSession().data;
  const Admin = section in adminSections ? adminSections[section as keyof typeof adminSections] : undefined;
  const Section =
    section === 'profile'
      ? ProfileSettings
      : section === 'inbox' && can(session, 'agent')
        ? InboxSetupSettings
        : Admin && can(session, 'admin')
          ? Admin
          : null;
  if (!Section) return <Navigate to="/settings/profile" replace />;
  return (
    <ScrollArea h="100%">
      <div style={{ maxWidth: 880, padding: 'var(--mantine-spacing-md)' }}>
        <Section />
      </div>
    </ScrollArea>
  );
}
