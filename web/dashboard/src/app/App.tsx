import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useSession } from './session.js';
import { BrandIndex, BrandLayout, FirstBrandRedirect } from './BrandLayout.js';
import { SignInAgainDialog } from './SignInAgainDialog.js';

// Each page is its own chunk, fetched the first time it is opened, so the first load carries only the frame and one page.
// (Named exports, so each import picks its component as the default `lazy` expects.)
const SignInPage = lazy(() => import('../pages/sign-in/SignInPage.js').then((m) => ({ default: m.SignInPage })));
const ApiSettingsPage = lazy(() => import('../pages/brand-settings/api-settings/ApiSettingsPage.js').then((m) => ({ default: m.ApiSettingsPage })));
const GeneralPage = lazy(() => import('../pages/brand-settings/general/GeneralPage.js').then((m) => ({ default: m.GeneralPage })));
const WebhooksPage = lazy(() => import('../pages/brand-settings/webhooks/WebhooksPage.js').then((m) => ({ default: m.WebhooksPage })));
const PaymentMethodsPage = lazy(() => import('../pages/brand-settings/payment-methods/PaymentMethodsPage.js').then((m) => ({ default: m.PaymentMethodsPage })));
const CurrenciesPage = lazy(() => import('../pages/brand-settings/currencies/CurrenciesPage.js').then((m) => ({ default: m.CurrenciesPage })));
const DevicesPage = lazy(() => import('../pages/brand-settings/devices/DevicesPage.js').then((m) => ({ default: m.DevicesPage })));
const AuditPage = lazy(() => import('../pages/brand-settings/audit/AuditPage.js').then((m) => ({ default: m.AuditPage })));
const SmsPage = lazy(() => import('../pages/sms/SmsPage.js').then((m) => ({ default: m.SmsPage })));
const PaymentsPage = lazy(() => import('../pages/payments/PaymentsPage.js').then((m) => ({ default: m.PaymentsPage })));
const InvitationPage = lazy(() => import('../pages/account/LinkPages.js').then((m) => ({ default: m.InvitationPage })));
const ResetPasswordPage = lazy(() => import('../pages/account/LinkPages.js').then((m) => ({ default: m.ResetPasswordPage })));
const OverviewPage = lazy(() => import('../pages/overview/OverviewPage.js').then((m) => ({ default: m.OverviewPage })));
const AlertsPage = lazy(() => import('../pages/brand-settings/alerts/AlertsPage.js').then((m) => ({ default: m.AlertsPage })));
const TeamPage = lazy(() => import('../pages/brand-settings/team/TeamPage.js').then((m) => ({ default: m.TeamPage })));
const SessionsPage = lazy(() => import('../pages/account/SessionsPage.js').then((m) => ({ default: m.SessionsPage })));
const TwoFactorPage = lazy(() => import('../pages/account/TwoFactorPage.js').then((m) => ({ default: m.TwoFactorPage })));
const LinksPage = lazy(() => import('../pages/links/LinksPage.js').then((m) => ({ default: m.LinksPage })));
const LinkDetailPage = lazy(() => import('../pages/links/LinkDetailPage.js').then((m) => ({ default: m.LinkDetailPage })));
const InvoicesPage = lazy(() => import('../pages/invoices/InvoicesPage.js').then((m) => ({ default: m.InvoicesPage })));
const InvoiceDetailPage = lazy(() => import('../pages/invoices/InvoiceDetailPage.js').then((m) => ({ default: m.InvoiceDetailPage })));
const NewInvoicePage = lazy(() => import('../pages/invoices/InvoiceFormPage.js').then((m) => ({ default: m.NewInvoicePage })));
const EditInvoicePage = lazy(() => import('../pages/invoices/InvoiceFormPage.js').then((m) => ({ default: m.EditInvoicePage })));
const PaymentDetailPage = lazy(() => import('../pages/payments/PaymentDetailPage.js').then((m) => ({ default: m.PaymentDetailPage })));

/** While a page's code arrives: the same full-screen loader as the session check, so nothing jumps. */
const fullScreenLoader = (
  <Center h="100vh">
    <Loader aria-label="Loading the dashboard" />
  </Center>
);

/** Routes mirror the menu: /brands/:brand/overview (the brand's first page), /brands/:brand/payments, /brands/:brand/links, /brands/:brand/invoices, /brands/:brand/sms, /brands/:brand/settings/{general,api,payment-methods,currencies,webhooks,devices,alerts,audit,team}, and the person's own /brands/:brand/account/{sessions,two-factor} (inside a brand's frame, the same in every brand). */
export function App() {
  const { state } = useSession();
  const location = useLocation();

  if (state.status === 'loading') return fullScreenLoader;
  if (state.status === 'signed-out') {
    // Remember where the merchant was, so signing in again returns there.
    const from = location.pathname === '/sign-in' ? (location.state as { from?: string } | null)?.from : location.pathname + location.search;
    return (
      <Suspense fallback={fullScreenLoader}>
        <Routes>
          <Route path="/sign-in" element={<SignInPage from={from} />} />
          <Route path="/invitation" element={<InvitationPage />} />
          <Route path="/reset-password" element={<ResetPasswordPage />} />
          <Route path="*" element={<Navigate to="/sign-in" replace state={{ from }} />} />
        </Routes>
      </Suspense>
    );
  }
  return (
    <>
      {state.ended && <SignInAgainDialog email={state.admin.email} />}
      <Routes>
        <Route path="/sign-in" element={<Navigate to={(location.state as { from?: string } | null)?.from ?? '/'} replace />} />
        <Route path="/brands/:brand" element={<BrandLayout />}>
          <Route index element={<BrandIndex />} />
          <Route path="overview" element={<OverviewPage />} />
          <Route path="payments" element={<PaymentsPage />} />
          <Route path="payments/:id" element={<PaymentDetailPage />} />
          <Route path="links" element={<LinksPage />} />
          <Route path="links/:id" element={<LinkDetailPage />} />
          <Route path="invoices" element={<InvoicesPage />} />
          <Route path="invoices/new" element={<NewInvoicePage />} />
          <Route path="invoices/:id" element={<InvoiceDetailPage />} />
          <Route path="invoices/:id/edit" element={<EditInvoicePage />} />
          <Route path="settings" element={<Navigate to="api" replace />} />
          <Route path="settings/general" element={<GeneralPage />} />
          <Route path="settings/api" element={<ApiSettingsPage />} />
          <Route path="settings/payment-methods" element={<PaymentMethodsPage />} />
          <Route path="settings/currencies" element={<CurrenciesPage />} />
          <Route path="settings/webhooks" element={<WebhooksPage />} />
          <Route path="settings/devices" element={<DevicesPage />} />
          <Route path="settings/alerts" element={<AlertsPage />} />
          <Route path="settings/audit" element={<AuditPage />} />
          <Route path="settings/team" element={<TeamPage />} />
          <Route path="account/sessions" element={<SessionsPage />} />
          <Route path="account/two-factor" element={<TwoFactorPage />} />
          <Route path="sms" element={<SmsPage />} />
          <Route path="*" element={<BrandIndex />} />
        </Route>
        <Route path="*" element={<FirstBrandRedirect />} />
      </Routes>
    </>
  );
}
