// The citizen journey of issue 7: search without accents → procedure page → sign in →
// the submission wizard with two PDF files → the code and secret → tracking. Every page
// is checked with axe-core; the `page` fixture fails on any console error.
import {
  test,
  expect,
  expectNoSeriousA11yViolations,
  signInWithTheForm,
  fillBirthRegistrationForm,
  attachBirthRegistrationDocuments,
} from '../fixtures';

const UNIT = 'TN.BINHMINH';
const PROCEDURE = 'Đăng ký khai sinh';

test('a citizen finds birth registration without accents, submits it online and tracks it', async ({ page }) => {
  // Home: pick the ward, search without accents.
  await page.goto('/');
  await page.getByLabel('Đơn vị tiếp nhận (phường, xã)').selectOption(UNIT);
  await page.getByRole('searchbox', { name: 'Tìm thủ tục hành chính' }).fill('khai sinh');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Kết quả tìm kiếm' })).toBeVisible();
  const result = page.getByRole('link', { name: PROCEDURE, exact: true });
  await expect(result).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'the home page with search results');

  // Procedure page.
  await result.click();
  await expect(page).toHaveURL(/\/thu-tuc\/1\.001193\/\?don-vi=TN\.BINHMINH$/);
  await expect(page.getByRole('heading', { level: 1, name: PROCEDURE })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Thành phần hồ sơ' })).toBeVisible();
  await expect(page.getByText('Trực tuyến toàn trình')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'the procedure page');

  // Submitting needs an account: the wizard says so and links to sign-in.
  await page.getByRole('link', { name: 'Nộp trực tuyến' }).click();
  await expect(page.getByText('Bạn cần đăng nhập để tiếp tục.')).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Đăng nhập' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'the sign-in page');
  await signInWithTheForm(page);

  // Back in the wizard. Step 1: the applicant, filled from the account.
  await expect(page).toHaveURL(/\/nop-ho-so\/TN\.BINHMINH\/1\.001193\/$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Bước 1/4: Người nộp hồ sơ' })).toBeVisible();
  await expect(page.getByLabel('Họ và tên người nộp')).not.toHaveValue('');
  await expectNoSeriousA11yViolations(page, 'the wizard, applicant step');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // Step 2: the procedure's own form. Continuing empty shows the shared validation.
  const formHeading = page.getByRole('heading', { level: 2, name: 'Bước 2/4: Thông tin tờ khai' });
  await expect(formHeading).toBeFocused();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Vui lòng sửa các mục sau:' })).toBeVisible();
  await expect(page.getByLabel('Họ, chữ đệm, tên của trẻ')).toBeFocused();
  await expectNoSeriousA11yViolations(page, 'the wizard, form step with errors');
  await fillBirthRegistrationForm(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // Step 3: documents; the two required uploads, checked in the browser first.
  await expect(page.getByRole('heading', { level: 2, name: 'Bước 3/4: Giấy tờ đính kèm' })).toBeFocused();
  await expectNoSeriousA11yViolations(page, 'the wizard, documents step');
  await attachBirthRegistrationDocuments(page);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // Step 4: review, then submit.
  await expect(page.getByRole('heading', { level: 2, name: 'Bước 4/4: Kiểm tra và nộp' })).toBeFocused();
  await expect(page.getByText('Nguyễn Minh Khôi')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'the wizard, review step');
  await page.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();

  // Done: the code and the tracking secret, shown once.
  await expect(page.getByRole('heading', { level: 2, name: 'Đã nộp hồ sơ' })).toBeFocused();
  const code = (await page.getByTestId('dossier-code').textContent())?.trim() ?? '';
  const secret = (await page.getByTestId('tracking-secret').textContent())?.trim() ?? '';
  expect(code).toMatch(/^TN\.BINHMINH-\d{6}-\d{4}$/);
  expect(secret.length).toBeGreaterThan(5);
  await expect(page.getByText('Mã bí mật chỉ hiển thị một lần này.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'In giấy biên nhận' })).toHaveAttribute(
    'href',
    `/receipts/${code}?secret=${encodeURIComponent(secret)}`,
  );
  await expectNoSeriousA11yViolations(page, 'the submission confirmation');

  // Tracking, as the receipt's QR code opens it.
  await page.goto(`/tra-cuu?code=${encodeURIComponent(code)}&secret=${encodeURIComponent(secret)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Tra cứu hồ sơ' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: code })).toBeVisible();
  // The status among the facts (the timeline's first step says it too).
  await expect(page.getByRole('definition').getByText('Mới đăng ký', { exact: true })).toBeVisible();
  await expect(page.getByRole('definition').getByText(PROCEDURE, { exact: true })).toBeVisible();
  await expect(page.getByRole('definition').getByText('Phường Bình Minh', { exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'the tracking page');
});

test.describe('when the answer to a submission is lost', () => {
  // The lost answer is logged by the browser as a failed request.
  test.use({ expectedConsoleErrors: [/ERR_CONNECTION_RESET|Failed to load resource/] });

  test('retrying sends the same idempotency key and gets the same dossier, not a second one', async ({ page }) => {
    await page.goto('/dang-nhap?next=%2Fnop-ho-so%2FTN.BINHMINH%2F1.001193%2F');
    await signInWithTheForm(page);
    await expect(page.getByRole('heading', { level: 2, name: 'Bước 1/4: Người nộp hồ sơ' })).toBeVisible();
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await fillBirthRegistrationForm(page);
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await attachBirthRegistrationDocuments(page);
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    // The first submission reaches the server, which creates the dossier; its answer is lost.
    let createdCode = '';
    await page.route('**/graphql', async (route) => {
      const isUpload = (route.request().headers()['content-type'] ?? '').startsWith('multipart/form-data');
      if (!isUpload || createdCode) return route.continue();
      const response = await route.fetch();
      createdCode = (await response.json()).data.submitDossier.dossier.code;
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
    await expect(page.getByText('Không kết nối được máy chủ.', { exact: false })).toBeVisible();
    await expect(page.getByText('Bấm Thử lại: hồ sơ sẽ không bị nộp trùng.')).toBeVisible();
    expect(createdCode).toMatch(/^TN\.BINHMINH-\d{6}-\d{4}$/);

    // The retry carries the same key: the server answers with the dossier it already has.
    await page.getByRole('button', { name: 'Thử lại' }).last().click();
    await expect(page.getByRole('heading', { level: 2, name: 'Đã nộp hồ sơ' })).toBeVisible();
    await expect(page.getByTestId('dossier-code')).toHaveText(createdCode);
  });
});

test('tracking with a wrong secret says not found without saying which part was wrong', async ({ page }) => {
  await page.goto('/tra-cuu');
  await expect(page.getByRole('heading', { level: 1, name: 'Tra cứu hồ sơ' })).toBeVisible();
  await page.getByLabel('Mã hồ sơ').fill(`${UNIT}-260105-0001`);
  await page.getByLabel('Mã bí mật').fill('khong-dung');
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Không tìm thấy hồ sơ' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'the tracking page, not found');
});

test('the procedure and tracking pages follow the English switch', async ({ page }) => {
  await page.goto('/thu-tuc/1.001193/?don-vi=TN.BINHMINH');
  await expect(page.getByRole('heading', { level: 1, name: PROCEDURE })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Birth registration' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Documents to submit' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Submit online' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'the procedure page in English');

  await page.getByRole('link', { name: 'Track a dossier' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Track a dossier' })).toBeVisible();
  await page.getByRole('button', { name: 'Track' }).click();
  await expect(page.getByText('Enter both the dossier code and the secret.')).toBeVisible();
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tra cứu hồ sơ' })).toBeVisible();
});

test('the public pages fit a 360 px screen without sideways scrolling', async ({ page }) => {
  for (const path of ['/', '/thu-tuc/1.001193/?don-vi=TN.BINHMINH', '/tra-cuu']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const viewportWidth = page.viewportSize()?.width ?? 0;
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: path })
      .toBeLessThanOrEqual(viewportWidth);
  }
});
