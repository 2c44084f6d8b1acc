// Screenshots of the main citizen pages at 360 px (phone project) and 1280 px (desktop
// project), written to e2e/screenshots/ for README.md. Only with MOTCUA_SCREENSHOTS=1:
//   MOTCUA_SCREENSHOTS=1 e2e/run.sh <url> tests/screenshots.spec.ts tests/payment.spec.ts
import {
  test,
  expect,
  screenshot,
  signInWithTheForm,
  fillBirthRegistrationForm,
  attachBirthRegistrationDocuments,
  TAKING_SCREENSHOTS,
} from '../fixtures';

test('screenshots of the home, procedure, wizard and tracking pages', async ({ page }, testInfo) => {
  test.skip(!TAKING_SCREENSHOTS, 'set MOTCUA_SCREENSHOTS=1 to refresh e2e/screenshots/');
  const shot = (name: string) => screenshot(page, testInfo, name);

  await page.goto('/');
  await page.getByLabel('Đơn vị tiếp nhận (phường, xã)').selectOption('TN.BINHMINH');
  await page.getByRole('searchbox', { name: 'Tìm thủ tục hành chính' }).fill('khai sinh');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await expect(page.getByRole('link', { name: 'Đăng ký khai sinh', exact: true })).toBeVisible();
  await shot('home');

  await page.getByRole('link', { name: 'Đăng ký khai sinh', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Thành phần hồ sơ' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Nộp trực tuyến' })).toBeVisible();
  await shot('procedure');

  await page.goto('/dang-nhap?next=%2Fnop-ho-so%2FTN.BINHMINH%2F1.001193%2F');
  await signInWithTheForm(page);
  await expect(page.getByRole('heading', { level: 2, name: 'Bước 1/4: Người nộp hồ sơ' })).toBeVisible();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Bước 2/4: Thông tin tờ khai' })).toBeVisible();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByLabel('Họ, chữ đệm, tên của trẻ')).toBeFocused();
  await shot('wizard-form-errors');
  await fillBirthRegistrationForm(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await attachBirthRegistrationDocuments(page);
  await shot('wizard-documents');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Bước 4/4: Kiểm tra và nộp' })).toBeVisible();
  await shot('wizard-review');
  await page.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
  const code = (await page.getByTestId('dossier-code').textContent())?.trim() ?? '';
  const secret = (await page.getByTestId('tracking-secret').textContent())?.trim() ?? '';
  await shot('wizard-done');

  await page.goto(`/tra-cuu?code=${encodeURIComponent(code)}&secret=${encodeURIComponent(secret)}`);
  await expect(page.getByRole('heading', { level: 2, name: code })).toBeVisible();
  await shot('tracking');
});
