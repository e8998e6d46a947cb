/**
 * Issue 13 item 9: Save As in the browser is the app's own dialog, not window.prompt: it checks the
 * name as it is typed, asks before replacing a project of the same name, and Escape or Keep it
 * leave everything as it was.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures/app';

test('Save As asks for a name in an in-app dialog, refuses bad names and confirms a replace', async ({
  editor,
  page,
  server,
}) => {
  // window.prompt or window.confirm would be a failure here: neither may appear.
  const native: string[] = [];
  page.on('dialog', (d) => {
    native.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  const name = `Saved ${test.info().workerIndex}-${Date.now().toString(36)}`;
  const dialog = page.getByTestId('saveAs.dialog');
  const input = page.getByTestId('saveAs.name');
  const save = page.getByTestId('saveAs.save');

  await page.getByTestId('project.templates').click();
  await page.locator('[data-testid^="template."]').filter({ hasText: 'MNIST MLP' }).first().click();
  await expect(page.getByTestId('project.title')).toHaveText('MNIST MLP');
  await page.getByTestId('project.saveAs').click();
  await expect(dialog).toBeVisible();
  await expect(input).toBeFocused();
  await expect(input).toHaveValue(await page.getByTestId('project.title').innerText());
  await input.fill('a/b');
  await expect(page.getByTestId('saveAs.error')).toHaveText(/cannot contain “\/”/);
  await expect(save).toBeDisabled();
  await input.fill('   ');
  await expect(page.getByTestId('saveAs.error')).toHaveText('Give the project a name.');
  await editor.shot('save-as-invalid');
  // Escape cancels: nothing saved, the title unchanged.
  await input.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('project.title')).not.toHaveText(name);

  await page.getByTestId('project.saveAs').click();
  await input.fill(name);
  await input.press('Enter');
  await expect(page.getByTestId('project.title')).toHaveText(name);
  await expect(page.getByTestId('project.dirty')).toHaveCount(0);
  const file = join(server.workspace, 'projects', `${name}.layerloom`);
  const first = await readFile(file, 'utf8');

  // Change something, Save As the same name: a Replace question, Keep it leaves the file alone.
  await editor.node('d1').click();
  await page.getByTestId('inspector.units').fill('77');
  await page.getByTestId('inspector.units').press('Enter');
  await page.getByTestId('project.saveAs').click();
  await input.fill(name);
  await save.click();
  const replaceDialog = page.getByTestId('saveAs.replaceDialog');
  await expect(replaceDialog).toContainText(`A project named “${name}” already exists`);
  await editor.shot('save-as-replace');
  await page.getByTestId('saveAs.keep').click();
  await expect(replaceDialog).toHaveCount(0);
  expect(await readFile(file, 'utf8')).toBe(first);
  await expect(page.getByTestId('project.dirty')).toBeVisible();

  // Replace writes it.
  await page.getByTestId('project.saveAs').click();
  await input.fill(name);
  await save.click();
  await page.getByTestId('saveAs.replace').click();
  await expect(page.getByTestId('project.dirty')).toHaveCount(0);
  expect(await readFile(file, 'utf8')).toContain('"units": 77');
  expect(native).toEqual([]);
});
