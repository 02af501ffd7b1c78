import { Center, Loader } from '@mantine/core';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useSession } from './session.js';
import { BrandLayout, FirstBrandRedirect } from './BrandLayout.js';
import { SignInPage } from '../pages/sign-in/SignInPage.js';
import { ApiSettingsPage } from '../pages/brand-settings/api-settings/ApiSettingsPage.js';
import { GeneralPage } from '../pages/brand-settings/general/GeneralPage.js';
import { WebhooksPage } from '../pages/brand-settings/webhooks/WebhooksPage.js';
import { PaymentMethodsPage } from '../pages/brand-settings/payment-methods/PaymentMethodsPage.js';
import { PaymentsPage } from '../pages/payments/PaymentsPage.js';
import { PaymentDetailPage } from '../pages/payments/PaymentDetailPage.js';

/** Routes mirror the menu: /brands/:brand/payments, /brands/:brand/settings/{general,api,payment-methods,webhooks}. */
export function App() {
  const { state } = useSession();
  const location = useLocation();

  if (state.status === 'loading') {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading the dashboard" />
      </Center>
    );
  }
  if (state.status === 'signed-out') {
    // Remember where the merchant was, so signing in again returns there.
    const from = location.pathname === '/sign-in' ? (location.state as { from?: string } | null)?.from : location.pathname + location.search;
    return (
      <Routes>
        <Route path="/sign-in" element={<SignInPage from={from} />} />
        <Route path="*" element={<Navigate to="/sign-in" replace state={{ from }} />} />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route path="/sign-in" element={<Navigate to={(location.state as { from?: string } | null)?.from ?? '/'} replace />} />
      <Route path="/brands/:brand" element={<BrandLayout />}>
        <Route index element={<Navigate to="settings/api" replace />} />
        <Route path="payments" element={<PaymentsPage />} />
        <Route path="payments/:id" element={<PaymentDetailPage />} />
        <Route path="settings" element={<Navigate to="api" replace />} />
        <Route path="settings/general" element={<GeneralPage />} />
        <Route path="settings/api" element={<ApiSettingsPage />} />
        <Route path="settings/payment-methods" element={<PaymentMethodsPage />} />
        <Route path="settings/webhooks" element={<WebhooksPage />} />
        <Route path="*" element={<Navigate to="settings/api" replace />} />
      </Route>
      <Route path="*" element={<FirstBrandRedirect />} />
    </Routes>
  );
}
