import './app/mantine-styles.js';
import './app/dashboard.css';
// The taka sign (৳) is missing from many Latin system fonts: a Bengali face limited to its range, first in the font
// stack (src/app/theme.ts), so it is fetched only when a page shows ৳ or Bangla (bengali-font.css says why).
import './app/bengali-font.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from './api/queries.js';
import { SessionProvider } from './app/session.js';
import { App } from './app/App.js';
import { cssVariablesResolver, theme } from './app/theme.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <DatesProvider settings={{ firstDayOfWeek: 6 }}>
        <Notifications position="bottom-right" />
        <QueryClientProvider client={queryClient}>
          <BrowserRouter basename="/admin">
            <SessionProvider>
              <App />
            </SessionProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  </StrictMode>,
);
