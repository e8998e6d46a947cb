import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../fs/test-dir';
import { EXIT, main } from './main';
import { captureConsole } from './testkit';

/**
 * The CLI reads a Dataset's `path` by the app's rule: relative to the project's folder and inside
 * it, unless `--allow-data-outside`. A refused or unreadable file is never echoed: messages quote
 * at most a short, escaped excerpt of it.
 */
const tmp = makeTempDir('layerloom-cli-paths-');
const projectDir = path.join(tmp.dir, 'project');
const outsideDir = path.join(tmp.dir, 'outside');
const SECRET_LINE = `label,${'TOPSECRET-'.repeat(40)}`;
afterAll(() => tmp.cleanup());

beforeAll(() => {
  mkdirSync(projectDir, { recursive: true });
  mkdirSync(outsideDir, { recursive: true });
  // A CSV whose first line is the secret: any message quoting its columns in full would leak it.
  writeFileSync(path.join(outsideDir, 'key.csv'), `${SECRET_LINE}\n1,2\n3,4\n`);
  symlinkSync(path.join(outsideDir, 'key.csv'), path.join(projectDir, 'linked.csv'));
  symlinkSync(outsideDir, path.join(projectDir, 'linked-folder'));
  writeFileSync(path.join(projectDir, 'huge-cell.csv'), `a,${'x'.repeat(10_000_000)}\n1,2\n`);
});

function project(name: string, dataPath: string, labelColumn = 'y'): string {
  const nodes = [
    { id: 'data', type: 'Dataset', params: { source: 'csv', path: dataPath, labelColumn } },
    { id: 'in', type: 'Input', params: {} },
    { id: 'd', type: 'Dense', params: { units: 2, activation: 'softmax' } },
    { id: 'loss', type: 'Loss', params: {} },
    { id: 'opt', type: 'Optimizer', params: { epochs: 1, batchSize: 2 } },
  ];
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: n.id }));
  const file = path.join(projectDir, `${name}.layerloom`);
  writeFileSync(file, JSON.stringify({ format: 'layerloom', version: 1, name, nodes, edges }));
  return file;
}

async function run(...argv: string[]) {
  const c = captureConsole();
  const code = await main(argv, { console: c });
  return { code, text: c.stdout() + c.stderr() };
}

describe('layerloom data paths', () => {
  it.each([
    ['an absolute path', path.join(outsideDir, 'key.csv'), /absolute path/],
    ['a path through ..', '../outside/key.csv', /"\.\." is not allowed/],
    ['a link that leads out', 'linked.csv', /a link leads outside/],
    ['a file inside a linked folder', 'linked-folder/key.csv', /a link leads outside/],
  ])(
    'refuses %s in validate and train, naming the rule, without reading the file',
    async (_, dataPath, why) => {
      const file = project('refused', dataPath);
      const validated = await run('validate', file);
      expect(validated.code).toBe(EXIT.invalid);
      expect(validated.text).toMatch(why);
      expect(validated.text).toMatch(
        /data path is relative to the project file's folder.*--allow-data-outside/,
      );
      expect(validated.text).not.toContain('TOPSECRET');
      const out = path.join(tmp.dir, `run-${Math.random().toString(36).slice(2)}`);
      const trained = await run('train', file, '--backend', 'cpu', '--out', out);
      expect(trained.code).toBe(EXIT.invalid);
      expect(trained.text).not.toContain('TOPSECRET');
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    },
  );

  it('reads data outside with --allow-data-outside, quoting only a short excerpt of its header', async () => {
    const file = project('allowed', path.join(outsideDir, 'key.csv'));
    const { code, text } = await run('validate', file, '--allow-data-outside');
    expect(code).toBe(EXIT.invalid); // the label column "y" is not in that file
    expect(text).toMatch(/There is no column "y"; the columns are "label", "TOPSECRET-TOPSECRET-.*…"/);
    expect(text).not.toContain(SECRET_LINE.slice(6, 200));
  });

  it('keeps a message about a 10 MB cell short', async () => {
    const { text } = await run('validate', project('huge', 'huge-cell.csv', 'y'), '--json');
    expect(text.length).toBeLessThan(20_000);
    expect(text).not.toContain('x'.repeat(200));
  });
});
