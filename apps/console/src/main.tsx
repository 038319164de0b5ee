import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './i18n';
import {
  type CSSVariablesResolver,
  Drawer,
  MantineProvider,
  Modal,
  Notification,
  ScrollArea,
  createTheme,
} from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, StrictMode, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { App } from './App';

// WCAG 2.2 AA: text at least 4.5:1 against what is behind it (axe checks every page in CI). Cyan's shade 9 carries
// white text (5.6:1); secondary ("dimmed") text is gray 7 rather than Mantine's gray 6 (3.3:1); text of light badges
// and buttons is each colour's darkest shade deepened further, and filled orange and yellow are deepened so white
// text reads on them.
// Scroll areas take keyboard focus so arrows scroll them; close buttons say what they do
// (in the interface's language, so the theme follows it).
function themeFor(close: string) {
  return createTheme({
    primaryColor: 'cyan',
    primaryShade: 9,
    defaultRadius: 'md',
    components: {
      ScrollArea: ScrollArea.extend({ defaultProps: { viewportProps: { tabIndex: 0 } } }),
      Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': close } } }),
      Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': close } } }),
      Notification: Notification.extend({
        defaultProps: { closeButtonProps: { 'aria-label': close } },
        styles: { description: { color: 'var(--mantine-color-gray-7)' } },
      }),
    },
  });
}

function Themed({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const theme = useMemo(() => themeFor(t('frame.close')), [t, i18n.language]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      {children}
    </MantineProvider>
  );
}
const deepened = (color: string, black: number) =>
  `color-mix(in srgb, var(--mantine-color-${color}-9) ${100 - black}%, black)`;
const colors = [
  'gray',
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
  'blue',
  'cyan',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
];
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    ...Object.fromEntries(
      colors.map((c) => [
        `--mantine-color-${c}-light-color`,
        deepened(c, ['yellow', 'orange', 'lime'].includes(c) ? 45 : 30),
      ]),
    ),
    '--mantine-color-orange-filled': deepened('orange', 15),
    '--mantine-color-orange-filled-hover': deepened('orange', 25),
    '--mantine-color-yellow-filled': deepened('yellow', 35),
    '--mantine-color-green-filled': deepened('green', 10),
    '--mantine-color-green-filled-hover': deepened('green', 20),
    '--mantine-color-lime-filled': deepened('lime', 30),
    '--mantine-color-lime-filled-hover': deepened('lime', 40),
    '--mantine-color-yellow-filled-hover': deepened('yellow', 45),
  },
  dark: {},
});
const client = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Themed>
      <Notifications position="bottom-right" limit={3} />
      <QueryClientProvider client={client}>
        <App />
      </QueryClientProvider>
    </Themed>
  </StrictMode>,
);
