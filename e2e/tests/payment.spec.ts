// Paying a fee from "my dossiers": the VietQR code, the amount written the Vietnamese way,
// and a status that updates itself when the money arrives (simulated through the API, as
// the demo's `dev` provider would report it).
import type { APIRequestContext } from '@playwright/test';
import {
  test,
  expect,
  expectNoSeriousA11yViolations,
  pdfFile,
  screenshot,
  signInWithTheForm,
  DEMO_CITIZEN,
} from '../fixtures';

async function graphql(request: APIRequestContext, token: string, query: string, variables = {}) {
  const response = await request.post('/graphql', {
    headers: { Authorization: `Bearer ${token}` },
    data: { query, variables },
  });
  const body = await response.json();
  expect(body.errors ?? [], query).toEqual([]);
  return body.data;
}

/** Submits a "Cấp Giấy xác nhận tình trạng hôn nhân" (fee 5.000 ₫) through the API. */
async function submitFeeDossier(request: APIRequestContext): Promise<{ code: string; token: string }> {
  const login = await request.post('/graphql', {
    data: {
      query: 'mutation($id: String!, $pw: String!) { login(identifier: $id, password: $pw) { accessToken } }',
      variables: { id: DEMO_CITIZEN.email, pw: DEMO_CITIZEN.password },
    },
  });
  const token: string = (await login.json()).data.login.accessToken;
  const operations = {
    query:
      'mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { dossier { code feeVnd } } }',
    variables: {
      input: {
        tenantCode: 'TN.BINHMINH',
        procedureCode: '1.004873',
        idempotencyKey: `e2e-pay-${Date.now()}-${Math.random().toString(36).slice(2)}`,
        form: [
          { key: 'marital_status', value: 'Chưa kết hôn' },
          { key: 'purpose', value: 'Vay vốn' },
        ],
        documents: [{ component: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu', file: null }],
      },
    },
  };
  const response = await request.post('/graphql', {
    headers: { Authorization: `Bearer ${token}` },
    multipart: {
      operations: JSON.stringify(operations),
      map: JSON.stringify({ 0: ['variables.input.documents.0.file'] }),
      0: pdfFile('to-khai.pdf'),
    },
  });
  const body = await response.json();
  expect(body.errors ?? []).toEqual([]);
  expect(body.data.submitDossier.dossier.feeVnd).toBe(5000);
  return { code: body.data.submitDossier.dossier.code, token };
}

test('a citizen pays a fee by VietQR and the page notices the payment by itself', async ({ page, request }, testInfo) => {
  const { code, token } = await submitFeeDossier(request);

  await page.goto('/dang-nhap');
  await signInWithTheForm(page);

  // My dossiers, then the one just submitted.
  await expect(page.getByRole('heading', { level: 1, name: 'Hồ sơ của tôi' })).toBeVisible();
  await expect(page.getByRole('link', { name: code })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'my dossiers');
  await screenshot(page, testInfo, 'my-dossiers');
  await page.getByRole('link', { name: code }).click();
  await expect(page.getByRole('heading', { level: 1, name: code })).toBeVisible();

  // Ask for the payment code.
  const payment = page.getByRole('region', { name: 'Thanh toán lệ phí' });
  await payment.getByRole('button', { name: 'Lấy mã thanh toán VietQR' }).click();
  await expect(payment.getByRole('img', { name: 'Mã VietQR để chuyển khoản' })).toBeVisible();
  await expect(payment.getByText('5.000 ₫', { exact: true })).toBeVisible();
  await expect(payment.getByRole('button', { name: 'Thanh toán thử (dev)' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'the dossier page with a payment');
  await screenshot(page, testInfo, 'dossier-payment');

  // The bank (here the dev provider) reports the payment; the page polls and shows it.
  await graphql(request, token, 'mutation($c: String!) { simulatePayment(dossierCode: $c) { status } }', {
    c: code,
  });
  await expect(payment.getByText('Đã thanh toán. Cảm ơn bạn!')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('5.000 ₫ — Đã thanh toán trực tuyến')).toBeVisible();
});
