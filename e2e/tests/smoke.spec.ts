import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Tenant } from '../fixtures';

const TITLE = 'motcua — Dịch vụ công một cửa';

test('the home page lists the units the API knows, grouped by province', async ({ page, request }) => {
  const api = await request.post('/graphql', {
    data: { query: '{ tenants { code name level parentCode } }' },
  });
  expect(api.ok()).toBe(true);
  const body = await api.json();
  expect(body.errors ?? [], 'the tenants query answered with errors').toEqual([]);
  const tenants: Tenant[] = body.data.tenants;
  expect(tenants.length).toBeGreaterThan(0);

  await page.goto('/');

  await expect(page).toHaveTitle(TITLE);
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Tìm thủ tục hành chính' })).toBeVisible();

  // The directory, not the unit picker's options (which carry the same names).
  const directory = page.getByRole('region', { name: 'Đơn vị hành chính' });
  const province = tenants.find((t) => t.level === 'PROVINCE');
  if (province) {
    await expect(directory.getByRole('heading', { level: 3, name: province.name, exact: true })).toBeVisible();
  }
  for (const tenant of tenants.slice(0, 20)) {
    await expect(directory.getByText(tenant.name, { exact: true }).first()).toBeVisible();
  }
});

test('the home page has no serious or critical accessibility violations', async ({ page }) => {
  await page.goto('/');
  // Wait for the units to load, so axe sees the full page, not the loading state.
  await expect(page.locator('.province').first()).toBeVisible();

  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
});

test('the language switch turns the page into English and is remembered', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'English' }).click();

  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'motcua — One-stop public services' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'motcua — One-stop public services' })).toBeVisible();
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
});

test('the home page fits the screen without sideways scrolling', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.province').first()).toBeVisible();
  const viewportWidth = page.viewportSize()?.width ?? 0;
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
    .toBeLessThanOrEqual(viewportWidth);
});
