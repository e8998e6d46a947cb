// Layering is enforced here, not by memory: who may import whom (see README "Layout").
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'http',
  'https',
  'crypto',
  'url',
  'worker_threads',
];
const pattern = (group, message) => ({ group, message });
// graph-core's front door: outside graph-core, import `graph-core/src/<area>` (its index.ts) only.
const graphCoreEntries = {
  regex: '.*graph-core/src/[^/]+/.+',
  message:
    "Import graph-core through its entry modules ('graph-core/src/<area>'), never its internal files (see graph-core/README.md).",
};
// The areas whose entry modules load tfjs: the renderer's main thread may import their types only.
const tfjsEntries = {
  regex: '.*graph-core/src/(compile|train|backends|kernels)$',
  allowTypeImports: true,
  message:
    'tfjs runs in the training worker: the main thread imports only types from compile, train and backends.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'test-results/**',
      'playwright-report/**',
      'assets/**',
      '**/*.cjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['graph-core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(
              ['react', 'react-*', '@xyflow/*', 'electron', ...nodeBuiltins],
              'graph-core stays pure: no react, electron or node built-ins.',
            ),
            pattern(
              ['**/host/**', '**/renderer/**', '**/electron/**'],
              'graph-core imports nothing else of ours.',
            ),
          ],
        },
      ],
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'navigator'],
    },
  },
  {
    // tfjs is allowed only in graph-core's compile/train/backends/kernels parts.
    files: [
      'graph-core/src/{document,catalogue,analysis,commands,experiments,data,weights,onnx,export,runs,stats}/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(
              ['@tensorflow/*'],
              'tfjs belongs in graph-core/src/compile, train, backends and kernels only.',
            ),
            pattern(['react', 'react-*', '@xyflow/*', 'electron', ...nodeBuiltins], 'graph-core stays pure.'),
            pattern(
              ['**/host/**', '**/renderer/**', '**/electron/**'],
              'graph-core imports nothing else of ours.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(
              ['electron', 'react', 'react-*', '@xyflow/*'],
              'host runs in plain Node: no Electron, no React.',
            ),
            pattern(['**/renderer/**', '**/electron/**'], 'host imports graph-core only.'),
            graphCoreEntries,
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(
              ['react', 'react-*', '@xyflow/*', '**/renderer/**'],
              'electron imports host and graph-core only.',
            ),
            graphCoreEntries,
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['electron', ...nodeBuiltins], 'The renderer reaches disk only through HostApi.'),
            pattern(['**/electron/**'], 'The renderer never imports the Electron shell.'),
            {
              regex: '.*/host/src/(?!contract).*',
              message: 'The renderer may import only the host contract (host/src/contract).',
            },
            graphCoreEntries,
          ],
        },
      ],
    },
  },
  {
    // The renderer's main thread must not load tfjs: only the training worker runs it.
    files: ['renderer/src/**/*.{ts,tsx}'],
    ignores: ['renderer/src/worker/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [tfjsEntries] }],
    },
  },
);
