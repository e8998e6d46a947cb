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
    // tfjs is allowed only in graph-core's compile/train/data-runtime parts.
    files: ['graph-core/src/{document,catalogue,analysis,commands,experiments}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['@tensorflow/*'], 'tfjs belongs in graph-core/src/compile and train only.'),
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
          ],
        },
      ],
    },
  },
);
