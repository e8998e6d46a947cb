import { BACKEND_CHOICES, type BackendChoice } from './backend';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface ValidateArgs {
  file: string;
  json: boolean;
  /** `--workspace DIR`: where imported datasets (`datasetId`) are read from. */
  workspace: string | null;
  /** `--allow-data-outside`: data paths may leave the project's folder (absolute, `..`, links). */
  allowDataOutside: boolean;
}

export interface TrainArgs {
  file: string;
  epochs: number | null;
  backend: BackendChoice;
  seed: number | null;
  limit: number | null;
  out: string | null;
  workspace: string | null;
  allowDataOutside: boolean;
}

/** Splits `--flag value` and `--flag=value`; returns the positionals and the flags in order. */
function tokens(
  argv: readonly string[],
  valued: readonly string[],
  switches: readonly string[],
): Parsed<{ positional: string[]; flags: Map<string, string> }> {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (switches.includes(name)) {
      if (eq >= 0) return { ok: false, error: `--${name} takes no value` };
      flags.set(name, 'true');
    } else if (valued.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') return { ok: false, error: `--${name} needs a value` };
      flags.set(name, value);
    } else {
      return { ok: false, error: `unknown option --${name}` };
    }
  }
  return { ok: true, value: { positional, flags } };
}

function oneFile(command: string, positional: string[]): Parsed<string> {
  if (positional.length === 0) return { ok: false, error: `${command} needs a project FILE` };
  if (positional.length > 1)
    return { ok: false, error: `${command} takes one FILE; "${positional[1]}" is a second one` };
  return { ok: true, value: positional[0]! };
}

function wholeNumber(flag: string, text: string | undefined, min: number): Parsed<number | null> {
  if (text === undefined) return { ok: true, value: null };
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    return { ok: false, error: `--${flag} must be a whole number of at least ${min}, not "${text}"` };
  }
  return { ok: true, value: Number(text) };
}

export function parseValidateArgs(argv: readonly string[]): Parsed<ValidateArgs> {
  const t = tokens(argv, ['workspace'], ['json', 'allow-data-outside']);
  if (!t.ok) return t;
  const file = oneFile('validate', t.value.positional);
  if (!file.ok) return file;
  const { flags } = t.value;
  return {
    ok: true,
    value: {
      file: file.value,
      json: flags.has('json'),
      workspace: flags.get('workspace') ?? null,
      allowDataOutside: flags.has('allow-data-outside'),
    },
  };
}

export function parseTrainArgs(argv: readonly string[]): Parsed<TrainArgs> {
  const t = tokens(argv, ['epochs', 'backend', 'seed', 'limit', 'out', 'workspace'], ['allow-data-outside']);
  if (!t.ok) return t;
  const { flags, positional } = t.value;
  const file = oneFile('train', positional);
  if (!file.ok) return file;
  const epochs = wholeNumber('epochs', flags.get('epochs'), 1);
  if (!epochs.ok) return epochs;
  const seed = wholeNumber('seed', flags.get('seed'), 0);
  if (!seed.ok) return seed;
  const limit = wholeNumber('limit', flags.get('limit'), 1);
  if (!limit.ok) return limit;
  const backend = flags.get('backend') ?? 'auto';
  if (!(BACKEND_CHOICES as readonly string[]).includes(backend)) {
    return { ok: false, error: `--backend must be one of ${BACKEND_CHOICES.join(', ')}, not "${backend}"` };
  }
  return {
    ok: true,
    value: {
      file: file.value,
      epochs: epochs.value,
      seed: seed.value,
      limit: limit.value,
      backend: backend as BackendChoice,
      out: flags.get('out') ?? null,
      workspace: flags.get('workspace') ?? null,
      allowDataOutside: flags.has('allow-data-outside'),
    },
  };
}

export interface ExportArgs {
  source: string;
  /** Checked against the formats this build can write by the export command. */
  format: string;
  out: string;
  workspace: string | null;
  /** `--allow-data-outside`, as for `train`: the data a format ships may be read from anywhere. */
  allowDataOutside: boolean;
}

export function parseExportArgs(argv: readonly string[]): Parsed<ExportArgs> {
  const t = tokens(argv, ['format', 'out', 'workspace'], ['allow-data-outside']);
  if (!t.ok) return t;
  const { flags, positional } = t.value;
  if (positional.length === 0)
    return { ok: false, error: 'export needs a SOURCE (a run folder or a project file)' };
  if (positional.length > 1)
    return { ok: false, error: `export takes one SOURCE; "${positional[1]}" is a second one` };
  const format = flags.get('format');
  if (format === undefined) return { ok: false, error: 'export needs --format' };
  const out = flags.get('out');
  if (out === undefined) return { ok: false, error: 'export needs --out DIR' };
  return {
    ok: true,
    value: {
      source: positional[0]!,
      format,
      out,
      workspace: flags.get('workspace') ?? null,
      allowDataOutside: flags.has('allow-data-outside'),
    },
  };
}

export interface ImportArgs {
  model: string;
  out: string;
  name: string | null;
  allowUnsupported: boolean;
  workspace: string | null;
}

export function parseImportArgs(argv: readonly string[]): Parsed<ImportArgs> {
  const t = tokens(argv, ['out', 'name', 'workspace'], ['allow-unsupported']);
  if (!t.ok) return t;
  const { flags, positional } = t.value;
  if (positional.length === 0) return { ok: false, error: 'import needs a MODEL file (model.json or .onnx)' };
  if (positional.length > 1)
    return { ok: false, error: `import takes one MODEL; "${positional[1]}" is a second one` };
  const out = flags.get('out');
  if (out === undefined) return { ok: false, error: 'import needs --out PROJECT.layerloom' };
  if (!out.toLowerCase().endsWith('.layerloom'))
    return { ok: false, error: `--out must name a .layerloom file, not "${out}"` };
  return {
    ok: true,
    value: {
      model: positional[0]!,
      out,
      name: flags.get('name') ?? null,
      allowUnsupported: flags.has('allow-unsupported'),
      workspace: flags.get('workspace') ?? null,
    },
  };
}
