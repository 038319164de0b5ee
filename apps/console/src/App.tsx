import { Center, Loader } from '@mantine/core';
import { Suspense, lazy } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './layout/NotFoundPage';
import { useSession } from './session';
import { useSetup } from './features/setup/api';

// Every screen loads on first use, keeping the first load to the frame (sign-in, navigation, search, bell).
const AcceptInvitePage = lazy(() =>
  import('./features/auth/AcceptInvitePage').then((m) => ({ default: m.AcceptInvitePage })),
);
const ForgotPasswordPage = lazy(() =>
  import('./features/auth/ForgotPasswordPage').then((m) => ({ default: m.ForgotPasswordPage })),
);
const LoginPage = lazy(() => import('./features/auth/LoginPage').then((m) => ({ default: m.LoginPage })));
const ResetPasswordPage = lazy(() =>
  import('./features/auth/ResetPasswordPage').then((m) => ({ default: m.ResetPasswordPage })),
);
const InboxPage = lazy(() => import('./features/conversations/InboxPage').then((m) => ({ default: m.InboxPage })));
const SetupPage = lazy(() => import('./features/setup/SetupPage').then((m) => ({ default: m.SetupPage })));
const HomePage = lazy(() => import('./features/home/HomePage').then((m) => ({ default: m.HomePage })));
const ContactsPage = lazy(() => import('./features/customers/ContactsPage').then((m) => ({ default: m.ContactsPage })));
const ImportPage = lazy(() => import('./features/customers/ImportPage').then((m) => ({ default: m.ImportPage })));
const DuplicatesPage = lazy(() =>
  import('./features/customers/DuplicatesPage').then((m) => ({ default: m.DuplicatesPage })),
);
const ContactDetailPage = lazy(() =>
  import('./features/customers/ContactDetailPage').then((m) => ({ default: m.ContactDetailPage })),
);
const CompaniesPage = lazy(() =>
  import('./features/customers/CompaniesPage').then((m) => ({ default: m.CompaniesPage })),
);
const CompanyDetailPage = lazy(() =>
  import('./features/customers/CompanyDetailPage').then((m) => ({ default: m.CompanyDetailPage })),
);
const SegmentsPage = lazy(() => import('./features/segments/SegmentsPage').then((m) => ({ default: m.SegmentsPage })));
const SegmentEditorPage = lazy(() =>
  import('./features/segments/SegmentsPage').then((m) => ({ default: m.SegmentEditorPage })),
);
const PersonasPage = lazy(() => import('./features/personas/PersonasPage').then((m) => ({ default: m.PersonasPage })));
const PrivacyPage = lazy(() => import('./features/privacy/PrivacyPage').then((m) => ({ default: m.PrivacyPage })));
const IncidentsPage = lazy(() =>
  import('./features/incidents/IncidentsPage').then((m) => ({ default: m.IncidentsPage })),
);
const IncidentDetailPage = lazy(() =>
  import('./features/incidents/IncidentsPage').then((m) => ({ default: m.IncidentDetailPage })),
);
const KnowledgePage = lazy(() =>
  import('./features/knowledge/KnowledgePage').then((m) => ({ default: m.KnowledgePage })),
);
const ArticlePage = lazy(() => import('./features/knowledge/ArticlePage').then((m) => ({ default: m.ArticlePage })));
const TrainingPage = lazy(() => import('./features/training/TrainingPage').then((m) => ({ default: m.TrainingPage })));
const SurveysPage = lazy(() => import('./features/surveys/SurveysPage').then((m) => ({ default: m.SurveysPage })));
const SurveyPage = lazy(() => import('./features/surveys/SurveyPage').then((m) => ({ default: m.SurveyPage })));
const StandardsPage = lazy(() =>
  import('./features/standards/StandardsPage').then((m) => ({ default: m.StandardsPage })),
);
const DealsPage = lazy(() => import('./features/deals/DealsPage').then((m) => ({ default: m.DealsPage })));
const ProjectsPage = lazy(() => import('./features/projects/ProjectsPage').then((m) => ({ default: m.ProjectsPage })));
const ProjectPage = lazy(() => import('./features/projects/ProjectPage').then((m) => ({ default: m.ProjectPage })));
const QuotesPage = lazy(() => import('./features/quotes/QuotesPage').then((m) => ({ default: m.QuotesPage })));
const SubscriptionsPage = lazy(() =>
  import('./features/subscriptions/SubscriptionsPage').then((m) => ({ default: m.SubscriptionsPage })),
);
const HealthPage = lazy(() => import('./features/health/HealthPage').then((m) => ({ default: m.HealthPage })));
const SequencesPage = lazy(() =>
  import('./features/projects/SequencesPage').then((m) => ({ default: m.SequencesPage })),
);
const SettingsPage = lazy(() => import('./features/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })));

function Loading() {
  return (
    <Center h="100vh">
      <Loader />
    </Center>
  );
}

export function App() {
  const session = useSession();
  const setup = useSetup();
  if (session.isPending || setup.isPending) return <Loading />;
  const signedIn = Boolean(session.data);
  const firstRun = setup.data?.needsSetup ?? false;
  return (
    <BrowserRouter>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/setup" element={signedIn ? <Navigate to="/" replace /> : <SetupPage status={setup.data} />} />
          <Route
            path="/login"
            element={
              signedIn ? (
                <Navigate to="/" replace />
              ) : firstRun ? (
                <Navigate to="/setup" replace />
              ) : (
                <LoginPage demoAvailable={setup.data?.demoAvailable ?? false} />
              )
            }
          />
          <Route path="/forgot" element={<ForgotPasswordPage />} />
          <Route path="/reset/:token" element={<ResetPasswordPage />} />
          <Route path="/invite/:token" element={<AcceptInvitePage />} />
          {signedIn ? (
            <Route element={<AppLayout />}>
              <Route path="/" element={<Navigate to="/today" replace />} />
              <Route path="/today" element={<HomePage />} />
              <Route path="/inbox" element={<InboxPage />} />
              <Route path="/inbox/:conversationId" element={<InboxPage />} />
              <Route path="/contacts" element={<ContactsPage />} />
              <Route path="/contacts/import" element={<ImportPage />} />
              <Route path="/contacts/duplicates" element={<DuplicatesPage />} />
              <Route path="/contacts/:id" element={<ContactDetailPage />} />
              <Route path="/segments" element={<SegmentsPage />} />
              <Route path="/segments/new" element={<SegmentEditorPage />} />
              <Route path="/segments/:id" element={<SegmentEditorPage />} />
              <Route path="/personas" element={<PersonasPage />} />
              <Route path="/companies" element={<CompaniesPage />} />
              <Route path="/companies/:id" element={<CompanyDetailPage />} />
              <Route path="/incidents" element={<IncidentsPage />} />
              <Route path="/incidents/tab/:tab" element={<IncidentsPage />} />
              <Route path="/incidents/:id" element={<IncidentDetailPage />} />
              <Route path="/knowledge" element={<KnowledgePage />} />
              <Route path="/knowledge/tab/:tab" element={<KnowledgePage />} />
              <Route path="/knowledge/:id" element={<ArticlePage />} />
              <Route path="/training" element={<TrainingPage />} />
              <Route path="/surveys" element={<SurveysPage />} />
              <Route path="/surveys/:id/:tab?" element={<SurveyPage />} />
              <Route path="/standards" element={<StandardsPage />} />
              <Route path="/deals" element={<DealsPage />} />
              <Route path="/quotes" element={<QuotesPage />} />
              <Route path="/projects" element={<ProjectsPage />} />
              <Route path="/sequences" element={<SequencesPage />} />
              <Route path="/subscriptions" element={<SubscriptionsPage />} />
              <Route path="/health" element={<HealthPage />} />
              <Route path="/projects/:id" element={<ProjectPage />} />
              <Route path="/privacy/:tab?" element={<PrivacyPage />} />
              <Route path="/settings/:section?" element={<SettingsPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          ) : (
            <Route path="*" element={<Navigate to={firstRun ? '/setup' : '/login'} replace />} />
          )}
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
