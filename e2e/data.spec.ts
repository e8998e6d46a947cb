/**
 * Bringing your own data as a new user would: import a CSV into a Dataset node, see its preview,
 * statistics and errors by line, train on it; open a project whose CSV lies beside it and train it
 * without importing; import a folder of images with bad files among them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphDocument } from '../graph-core/src/document';
import { makePng, writeImageFolder } from '../host/src/data/fixtures';
import { expect, test } from './fixtures/app';

test.use({ viewport: { width: 1440, height: 900 } });

/** Two separable blobs with a categorical column, semicolon-separated, with a BOM and CRLF. */
function blobsCsv(rows: number): string {
  const lines = ['size;weight;colour;class'];
  for (let i = 0; i < rows; i++) {
    const a = i % 2 === 0;
    const jitter = ((i * 37) % 17) / 17 - 0.5;
    lines.push(
      `${(a ? 1 : 4) + jitter};${(a ? 2 : 6) - jitter};${i % 3 === 0 ? 'red' : 'blue'};${a ? 'small' : 'large'}`,
    );
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

const GRAPH: GraphDocument = {
  format: 'layerloom',
  version: 1,
  name: 'My CSV',
  nodes: [
    {
      id: 'data',
      type: 'Dataset',
      params: { source: 'csv', validationSplit: 0.2, testSplit: 0.2, seed: 1 },
      position: { x: 0, y: 0 },
    },
    { id: 'norm', type: 'Normalize', params: { method: 'standardize' }, position: { x: 200, y: 0 } },
    { id: 'in', type: 'Input', params: {}, position: { x: 400, y: 0 } },
    { id: 'd1', type: 'Dense', params: { units: 8, activation: 'relu' }, position: { x: 600, y: 0 } },
    { id: 'd2', type: 'Dense', params: { units: 2, activation: 'softmax' }, position: { x: 800, y: 0 } },
    { id: 'loss', type: 'Loss', params: { loss: 'categoricalCrossentropy' }, position: { x: 600, y: 200 } },
    {
      id: 'opt',
      type: 'Optimizer',
      params: { optimizer: 'adam', learningRate: 0.05, batchSize: 16, epochs: 15 },
      position: { x: 800, y: 200 },
    },
  ],
  edges: [
    { id: 'e1', source: 'data', target: 'norm' },
    { id: 'e2', source: 'norm', target: 'in' },
    { id: 'e3', source: 'in', target: 'd1' },
    { id: 'e4', source: 'd1', target: 'd2' },
    { id: 'e5', source: 'd2', target: 'loss' },
    { id: 'e6', source: 'loss', target: 'opt' },
  ],
};

type DatasetParams = Record<string, unknown>;
const datasetParams = (doc: unknown): DatasetParams =>
  ((doc as GraphDocument).nodes.find((n) => n.id === 'data')?.params ?? {}) as DatasetParams;

test('import a CSV into a Dataset node, check it, and train on it', async ({ editor, page }) => {
  await page.evaluate(
    (json) => window.__layerloomEditor?.store.load(JSON.parse(json), null),
    JSON.stringify(GRAPH),
  );
  await editor.node('data').click();
  await page.getByTestId('dock.data').click();
  await expect(page.getByTestId('data.panel')).toBeVisible();
  await expect(page.getByTestId('data.previewError')).toContainText('Import a CSV file');

  await page.getByTestId('data.importCsv').click();
  await page
    .getByTestId('data.csv.file')
    .setInputFiles({ name: 'blobs.csv', mimeType: 'text/csv', buffer: Buffer.from(blobsCsv(120)) });
  await expect(page.getByTestId('data.csv.preview').locator('tbody tr')).toHaveCount(8);
  await expect(page.getByTestId('data.csv.delimiter')).toContainText('Detect (Semicolon)');
  await expect(page.getByTestId('data.csv.label')).toHaveValue('class');
  await expect(page.getByTestId('data.csv.header')).toBeChecked();
  await editor.shot('csv-preview');
  await page.getByTestId('data.csv.import').click();
  await expect(page.getByTestId('data.notice')).toHaveText('Imported 120 rows from blobs.csv.');

  const params = datasetParams(await editor.document());
  expect(params).toMatchObject({ source: 'csv', path: 'blobs.csv', labelColumn: 'class' });
  expect(params['featureColumns']).toEqual(['size', 'weight', 'colour']);
  expect(String(params['datasetId'])).toMatch(/^blobs/);
  await expect(page.getByTestId('data.summary')).toContainText(
    '120 samples of shape [4], classification with 2 classes',
  );
  await expect(page.getByTestId('data.summary')).toContainText('72 train, 24 validation, 24 test');
  await expect(page.getByTestId('data.histogram').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('data.stats')).toContainText('colour=red');
  await editor.shot('csv-imported');

  // The canvas knows the imported columns: every shape after the Input is real.
  await expect(page.getByTestId('node.in.shape')).toHaveText('4');
  await expect(page.getByTestId('node.d1.shape')).toHaveText('8');

  // Training comes from the training panel; the data must reach it through the workspace copy.
  await page.getByTestId('training.backendPick').selectOption('cpu');
  await page.getByTestId('training.train').click();
  await expect(page.getByTestId('training.status')).toHaveText('completed', { timeout: 60_000 });
  await expect(page.getByTestId('training.final.test')).toBeVisible();
  const text = (await page.getByTestId('training.final.test').textContent()) ?? '';
  const acc = Number(/test acc ([\d.]+)%/.exec(text)?.[1]);
  expect(acc).toBeGreaterThanOrEqual(90);
  await editor.shot('csv-trained');
});

test('a project saved beside its CSV (as the CLI reads it) previews and trains without importing', async ({
  editor,
  page,
  server,
}) => {
  const projects = join(server.workspace, 'projects');
  mkdirSync(join(projects, 'data'), { recursive: true });
  writeFileSync(join(projects, 'data', 'blobs.csv'), blobsCsv(120));
  const doc: GraphDocument = {
    ...GRAPH,
    name: 'Blobs beside',
    nodes: GRAPH.nodes.map((n) =>
      n.id === 'data' ? { ...n, params: { ...n.params, path: 'data/blobs.csv', labelColumn: 'class' } } : n,
    ),
  };
  writeFileSync(join(projects, 'blobs-beside.layerloom'), JSON.stringify(doc, null, 2));
  await page.evaluate(() => window.__layerloomEditor?.projects.open('projects/blobs-beside.layerloom'));

  // Shapes, preview and training all read the file beside the project; nothing is imported.
  await expect(page.getByTestId('node.in.shape')).toHaveText('4');
  await editor.node('data').click();
  await page.getByTestId('dock.data').click();
  await expect(page.getByTestId('data.summary')).toContainText(
    'blobs.csv: 120 samples of shape [4], classification with 2 classes',
  );
  await page.getByTestId('training.backendPick').selectOption('cpu');
  await page.getByTestId('training.train').click();
  await expect(page.getByTestId('training.status')).toHaveText('completed', { timeout: 60_000 });
  const text = (await page.getByTestId('training.final.test').textContent()) ?? '';
  expect(Number(/test acc ([\d.]+)%/.exec(text)?.[1])).toBeGreaterThanOrEqual(90);
  await editor.shot('csv-beside-project-trained');

  // A path that leaves the project's folder is refused, by node and path.
  await page.evaluate(() =>
    window.__layerloomEditor?.store.run('setParam', { nodeId: 'data', name: 'path', value: '../blobs.csv' }),
  );
  await page.getByTestId('dock.data').click();
  await expect(page.getByTestId('data.previewError')).toContainText(
    'Dataset "data": cannot read "../blobs.csv": path "../blobs.csv" refused: ".." is not allowed',
  );
  await expect(page.getByTestId('training.train')).toBeDisabled();

  // An image folder beside the project is decoded in the page just like an upload.
  writeImageFolder(join(projects, 'shapes'), 6, 12);
  await page.evaluate(() => {
    const store = window.__layerloomEditor?.store;
    store?.run('setParam', { nodeId: 'data', name: 'source', value: 'images' });
    store?.run('setParam', { nodeId: 'data', name: 'path', value: 'shapes/' });
    store?.run('setParam', { nodeId: 'data', name: 'imageSize', value: [12, 12] });
  });
  await expect(page.getByTestId('data.summary')).toContainText(
    '12 samples of shape [12, 12, 1], classification with 2 classes',
  );
  await expect(page.getByTestId('node.in.shape')).toHaveText('12×12×1');
});

test('a broken CSV shows its errors by line and cannot be imported', async ({ editor, page }) => {
  await page.evaluate(
    (json) => window.__layerloomEditor?.store.load(JSON.parse(json), null),
    JSON.stringify(GRAPH),
  );
  await editor.node('data').click();
  await page.getByTestId('dock.data').click();
  await page.getByTestId('data.importCsv').click();
  const text = 'a,b,label\n1,2,x\n3,4,y\n5,y\n7,8,\n';
  await page
    .getByTestId('data.csv.file')
    .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  await expect(page.getByTestId('data.csv.errors')).toContainText(
    'Line 4 has 2 fields but the header on line 1 has 3',
  );
  await expect(page.getByTestId('data.csv.import')).toBeDisabled();
});

/** Dataset (images) → Input → Conv2D → MaxPooling2D → Flatten → Dense(3: wrong on purpose) → Loss → Optimizer. */
const CNN: GraphDocument = {
  format: 'layerloom',
  version: 1,
  name: 'Bright or dark',
  nodes: [
    {
      id: 'data',
      type: 'Dataset',
      params: { source: 'images', validationSplit: 0.2, testSplit: 0.2, seed: 3 },
      position: { x: 0, y: 0 },
    },
    { id: 'in', type: 'Input', params: {}, position: { x: 220, y: 0 } },
    {
      id: 'conv',
      type: 'Conv2D',
      params: { filters: 4, kernelSize: [3, 3], activation: 'relu' },
      position: { x: 440, y: 0 },
    },
    { id: 'pool', type: 'MaxPooling2D', params: { poolSize: [2, 2] }, position: { x: 660, y: 0 } },
    { id: 'flat', type: 'Flatten', params: {}, position: { x: 880, y: 0 } },
    { id: 'out', type: 'Dense', params: { units: 3, activation: 'softmax' }, position: { x: 1100, y: 0 } },
    { id: 'loss', type: 'Loss', params: { loss: 'categoricalCrossentropy' }, position: { x: 880, y: 220 } },
    {
      id: 'opt',
      type: 'Optimizer',
      params: { optimizer: 'adam', learningRate: 0.01, batchSize: 8, epochs: 6 },
      position: { x: 1100, y: 220 },
    },
  ],
  edges: [
    { id: 'e1', source: 'data', target: 'in' },
    { id: 'e2', source: 'in', target: 'conv' },
    { id: 'e3', source: 'conv', target: 'pool' },
    { id: 'e4', source: 'pool', target: 'flat' },
    { id: 'e5', source: 'flat', target: 'out' },
    { id: 'e6', source: 'out', target: 'loss' },
    { id: 'e7', source: 'loss', target: 'opt' },
  ],
};

test('import an image folder into a small CNN, fix its output from the real classes, and train it', async ({
  editor,
  page,
}) => {
  const root = mkdtempSync(join(tmpdir(), 'layerloom-e2e-cnn-'));
  try {
    const folder = join(root, 'light');
    mkdirSync(folder);
    writeImageFolder(folder, 40, 12);
    await page.evaluate(
      (json) => window.__layerloomEditor?.store.load(JSON.parse(json), null),
      JSON.stringify(CNN),
    );
    await editor.node('data').click();
    await page.getByTestId('dock.data').click();
    await page.getByTestId('data.importImages').click();
    await page.getByTestId('data.images.size').fill('12');
    await page.getByTestId('data.images.folder').setInputFiles(folder);
    await expect(page.getByTestId('data.notice')).toHaveText(
      'Imported 80 images in 2 classes from light/ (80 files, 0 skipped).',
    );

    // Shapes come from the workspace copy; the output layer is checked against its two classes.
    await expect(page.getByTestId('node.in.shape')).toHaveText('12×12×1');
    await expect(page.getByTestId('node.conv.shape')).toHaveText('10×10×4');
    await expect(page.getByTestId('node.pool.shape')).toHaveText('5×5×4');
    await expect(page.getByTestId('node.flat.shape')).toHaveText('100');
    await expect(page.getByTestId('training.train')).toBeDisabled();
    await page.getByTestId('dock.problems').click();
    const fix = page.getByTestId('problems.fix').filter({ hasText: 'Set units to 2' });
    await expect(fix).toBeVisible();
    await editor.shot('cnn-units-problem');
    await fix.click();
    await expect(page.getByTestId('node.out.shape')).toHaveText('2');
    await expect(page.getByTestId('training.train')).toBeEnabled();

    await page.getByTestId('training.backendPick').selectOption('cpu');
    await page.getByTestId('training.train').click();
    await expect(page.getByTestId('training.status')).toHaveText('completed', { timeout: 60_000 });
    const valAcc = Number(await page.getByTestId('training.final.val_acc').getAttribute('data-value'));
    expect(valAcc).toBeGreaterThanOrEqual(0.9);
    const testText = (await page.getByTestId('training.final.test').textContent()) ?? '';
    expect(testText).toContain('(16)');
    expect(Number(/test acc ([\d.]+)%/.exec(testText)?.[1])).toBeGreaterThanOrEqual(90);
    await editor.shot('cnn-trained');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('import an image folder and see exactly which files were skipped', async ({ editor, page }) => {
  const root = mkdtempSync(join(tmpdir(), 'layerloom-e2e-images-'));
  try {
    const folder = join(root, 'shapes');
    mkdirSync(folder);
    writeImageFolder(folder, 6, 12);
    const good = makePng(12, 12, () => 50);
    writeFileSync(join(folder, 'dark', 'cut.png'), good.subarray(0, good.length - 16));
    writeFileSync(join(folder, 'dark', 'empty.png'), Buffer.alloc(0));
    writeFileSync(join(folder, 'bright', 'notes.txt'), 'hello');

    const imagesGraph = {
      ...GRAPH,
      nodes: [
        ...GRAPH.nodes.map((n) => (n.id === 'data' ? { ...n, params: { source: 'images' } } : n)),
        { id: 'aug', type: 'Augment', params: { rotation: 20, shift: 0.1 }, position: { x: 300, y: 120 } },
      ],
      edges: [
        ...GRAPH.edges.filter((e) => e.id !== 'e2'),
        { id: 'e2a', source: 'norm', target: 'aug' },
        { id: 'e2b', source: 'aug', target: 'in' },
      ],
    };
    await page.evaluate(
      (json) => window.__layerloomEditor?.store.load(JSON.parse(json), null),
      JSON.stringify(imagesGraph),
    );
    await editor.node('data').click();
    await page.getByTestId('dock.data').click();
    await page.getByTestId('data.importImages').click();
    await page.getByTestId('data.images.size').fill('8');
    await page.getByTestId('data.images.folder').setInputFiles(folder);
    await expect(page.getByTestId('data.notice')).toHaveText(
      'Imported 12 images in 2 classes from shapes/ (15 files, 3 skipped).',
    );
    const params = datasetParams(await editor.document());
    expect(params).toMatchObject({ source: 'images', path: 'shapes/', imageSize: [8, 8], channels: 1 });
    await expect(page.getByTestId('data.summary')).toContainText('12 samples of shape [8, 8, 1]');
    await expect(page.getByTestId('data.samples').first().locator('canvas')).toHaveCount(12);
    await expect(page.getByTestId('data.augmented').locator('canvas')).toHaveCount(8);
    await editor.shot('images-imported');

    const skipped = page.getByTestId('data.notice.details');
    await expect(skipped.locator('li')).toHaveCount(3);
    await expect(skipped).toContainText('dark/empty.png: empty file (0 bytes)');
    await expect(skipped).toContainText('bright/notes.txt: not an image file (.txt)');
    await expect(skipped).toContainText('dark/cut.png: could not be decoded');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
