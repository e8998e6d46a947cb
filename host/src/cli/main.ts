import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { timeStamp } from '../workspace/runs';
import { slug } from '../workspace/layout';
import { analyzeWithData } from './analysis-context';
import { parseTrainArgs, parseValidateArgs } from './args';
import { backendUnavailable } from './backend';
import { cliWorkspaceDir, findAssetsDir, nodeDataIO } from './node-io';
import { fileProbeCache, machineKey, probeCacheFile } from './probe-cache-file';
import { describeProbes } from './probe-report';
import { createProgress } from './progress';
import { readProjectFile } from './project';
import { applyOverrides, trainToRunFolder } from './run-training';
import { validateJson, validateTable } from './validate';
import { exitAfterDrain } from './drain';
import { checkOutDir, createOutDir } from './out-dir';
import { compareCommand, type CliIo } from './compare';
import { sweepCommand, type SweepDeps } from './sweep';
import { CHILD_COMMAND, sweepVariantCommand } from './sweepChild';
import { EXPORT_USAGE, exportCommand } from './export';
import { IMPORT_USAGE, importCommand } from './import';

const lineIo = (io: Console): CliIo => ({ out: (s) => io.out.write(s), err: (s) => io.err.write(s) });

function sweepDeps(options: MainOptions): SweepDeps {
  const install = options.onInterrupt;
  if (!install) return {};
  return {
    onInterrupt: (stop) => {
      install(stop);
      return () => {};
    },
  };
}

export interface Console {
  out: { write(s: string): unknown; isTTY?: boolean };
  err: { write(s: string): unknown; isTTY?: boolean };
}

/** Exit codes: 0 ok, 1 the graph or the run failed, 2 unreadable input or bad usage, 130 stopped by Ctrl-C. */
export const EXIT = { ok: 0, invalid: 1, unreadable: 2, interrupted: 130 } as const;

export const USAGE = `Usage:
  layerloom validate FILE [--json] [--workspace DIR] [--allow-data-outside]
  layerloom train FILE [--epochs N] [--backend auto|cpu|wasm|webgpu] [--seed S] [--limit N]
                  [--out DIR] [--workspace DIR] [--allow-data-outside]
  layerloom sweep FILE [--set NODE.FIELD=V1,V2 …] [--out DIR] [--epochs N] [--limit N] [--random K]
                  [--budget N] [--repeats R] [--seed S] [--metric M] [--halving ETA[:MIN_EPOCHS]]
                  [--backend B] [--parallel N] [--allow-data-outside]
  layerloom sweep --resume DIR [--retry-failed] [--continue VARIANT_ID …] [--parallel N]
                  [--allow-data-outside]
  layerloom compare RUN_DIR… [--metric M] [--format text|md|csv] [--svg FILE] [--target V]
                  [--cost params|flops|time|latency]
${EXPORT_USAGE}
${IMPORT_USAGE}

Backends: auto (default) times a few training steps on each candidate (webgpu where a GPU adapter
exists, wasm, cpu) and trains on the fastest; webgpu needs the optional webgpu package (Dawn) and
a GPU driver (Vulkan on Linux).

Data paths in a Dataset node are relative to the project file's folder and stay inside it (as in
the app); --allow-data-outside lets a project read data from anywhere.`;

export interface MainOptions {
  console?: Console;
  /** Installs the Ctrl-C handler; tests pass their own stop switch instead. */
  onInterrupt?: (stop: () => void) => void;
  now?: () => Date;
}

export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const io = options.console ?? { out: process.stdout, err: process.stderr };
  const fail = (code: number, message: string) => {
    io.err.write(`layerloom: ${message}\n`);
    return code;
  };
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return await validate(rest, io, fail);
      case 'train':
        return await train(rest, io, fail, options);
      case 'sweep':
        return await sweepCommand(rest, lineIo(io), sweepDeps(options));
      case CHILD_COMMAND:
        return await sweepVariantCommand(rest, lineIo(io));
      case 'compare':
        return await compareCommand(rest, lineIo(io));
      case 'export':
        return await exportCommand(rest, lineIo(io));
      case 'import':
        return await importCommand(rest, lineIo(io));
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out.write(`${USAGE}\n`);
        return command === undefined ? EXIT.unreadable : EXIT.ok;
      default:
        return fail(EXIT.unreadable, `unknown command "${command}"\n${USAGE}`);
    }
  } catch (err) {
    // Never a stack trace for the user: one line, and the exit code says it was not their file.
    return fail(EXIT.invalid, `internal error: ${err instanceof Error ? err.message : String(err)}`);
  }
}

type Fail = (code: number, message: string) => number;

async function validate(argv: readonly string[], io: Console, fail: Fail): Promise<number> {
  const args = parseValidateArgs(argv);
  if (!args.ok) return fail(EXIT.unreadable, `${args.error}\n${USAGE}`);
  const project = await readProjectFile(args.value.file);
  if (!project.ok) return fail(EXIT.unreadable, project.error);
  const dataIo = nodeDataIO(
    path.dirname(path.resolve(args.value.file)),
    findAssetsDir(),
    cliWorkspaceDir(args.value.workspace),
    { allowDataOutside: args.value.allowDataOutside, warn: (m) => io.err.write(`warning: ${m}\n`) },
  );
  const analysis = await analyzeWithData(project.doc, dataIo);
  io.out.write(
    args.value.json
      ? `${JSON.stringify(validateJson(project.doc, analysis), null, 2)}\n`
      : `${validateTable(project.doc, args.value.file, analysis)}\n`,
  );
  return analysis.valid ? EXIT.ok : EXIT.invalid;
}

async function train(
  argv: readonly string[],
  io: Console,
  fail: Fail,
  options: MainOptions,
): Promise<number> {
  const args = parseTrainArgs(argv);
  if (!args.ok) return fail(EXIT.unreadable, `${args.error}\n${USAGE}`);
  const a = args.value;
  const outProblem = a.out === null ? null : await checkOutDir(path.resolve(a.out));
  if (outProblem) return fail(EXIT.unreadable, outProblem);
  const project = await readProjectFile(a.file);
  if (!project.ok) return fail(EXIT.unreadable, project.error);
  const unavailable = await backendUnavailable(a.backend);
  if (unavailable !== null) return fail(EXIT.unreadable, unavailable);
  const doc = applyOverrides(project.doc, { epochs: a.epochs, seed: a.seed, limit: a.limit });
  const workspace = cliWorkspaceDir(a.workspace);
  const dataIo = nodeDataIO(path.dirname(path.resolve(a.file)), findAssetsDir(), workspace, {
    allowDataOutside: a.allowDataOutside,
    warn: (m) => io.err.write(`warning: ${m}\n`),
  });
  const analysis = await analyzeWithData(doc, dataIo);
  if (!analysis.valid) {
    io.err.write(`${validateTable(doc, a.file, analysis)}\n`);
    return fail(EXIT.invalid, `${a.file} has errors; nothing was trained.`);
  }
  const now = options.now?.() ?? new Date();
  const runDir = path.resolve(
    a.out ?? path.join('runs', `${timeStamp(now)}-${slug(doc.name)}-${randomBytes(3).toString('hex')}`),
  );
  const notCreated = await createOutDir(runDir);
  if (notCreated) return fail(EXIT.unreadable, notCreated);
  // The probe cache goes into a workspace only when one is named; otherwise beside the run folder.
  const named = a.workspace !== null || Boolean(process.env['LAYERLOOM_WORKSPACE']);
  const cacheFile = named ? probeCacheFile(workspace) : path.join(path.dirname(runDir), 'backend-probe.json');

  let stopRequested = false;
  let progress: ReturnType<typeof createProgress> | null = null;
  const install = options.onInterrupt ?? defaultInterrupt(io);
  install(() => {
    stopRequested = true;
  });
  const { summary } = await trainToRunFolder({
    doc,
    weights: project.weights,
    runDir,
    io: dataIo,
    backend: a.backend,
    probeCache: fileProbeCache(cacheFile),
    machineKey: machineKey(),
    onStart: (s) => {
      if (s.probe)
        io.err.write(
          `${describeProbes(s.probe)}Probe results kept in ${path.relative(process.cwd(), cacheFile)}\n`,
        );
      io.err.write(
        `Training ${doc.name}: ${s.compiled.model.countParams().toLocaleString('en-US')} params, ${s.trainCount.toLocaleString('en-US')} samples, batch ${s.batchSize}, on ${s.backend} (${s.reason})\n`,
      );
      progress = createProgress(io.err, s.epochs);
    },
    onBatch: (m) => progress?.batch(m),
    onEpoch: (m) => progress?.epoch(m),
    shouldStop: () => stopRequested,
  });
  if (summary.status === 'stopped') (progress as ReturnType<typeof createProgress> | null)?.end();
  const f = summary.final;
  const metrics = [
    f.val_acc !== null ? `val_acc ${f.val_acc.toFixed(4)}` : null,
    f.val_loss !== null ? `val_loss ${f.val_loss.toFixed(4)}` : null,
    f.loss !== null ? `loss ${f.loss.toFixed(4)}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  io.out.write(
    `Run ${summary.status}${metrics ? `: ${metrics}` : ''}${summary.test ? `; test acc ${summary.test.acc?.toFixed(4) ?? '–'}` : ''}\n`,
  );
  if (summary.message) io.out.write(`${summary.message}\n`);
  if (summary.advice) io.out.write(`${summary.advice}\n`);
  io.out.write(`Run folder: ${path.relative(process.cwd(), runDir) || '.'}\n`);
  switch (summary.status) {
    case 'completed':
      return EXIT.ok;
    case 'stopped':
      return EXIT.interrupted;
    case 'diverged':
    case 'failed':
      return EXIT.invalid;
  }
}

/** First Ctrl-C: stop after the current batch and still write the run folder. Second: quit now. */
function defaultInterrupt(io: Console) {
  return (stop: () => void) => {
    let count = 0;
    process.on('SIGINT', () => {
      count++;
      if (count > 1) void exitAfterDrain(EXIT.interrupted);
      io.err.write('\nStopping after this batch… (Ctrl-C again to quit at once)\n');
      stop();
    });
  };
}
