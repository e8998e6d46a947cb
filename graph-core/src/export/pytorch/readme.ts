import type { GraphDocument } from '../../document/types';
import type { DataConfig } from './data-files';
import type { ModelRow } from './model-py';
import type { RunSummaryLike } from './types';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const pct = (v: number | null | undefined) => (typeof v === 'number' ? `${(v * 100).toFixed(2)} %` : '—');

export function readme(
  doc: GraphDocument,
  rows: readonly ModelRow[],
  notes: readonly string[],
  data: DataConfig,
  run: RunSummaryLike | undefined,
): string {
  const shape = data.featureShape.join(', ');
  const lines = [
    `# ${doc.name} — PyTorch project`,
    '',
    `Exported from Layerloom. \`model.py\` is the graph as a \`torch.nn.Module\`; \`weights.npz\` holds the`,
    `trained weights in PyTorch layout; \`data.py\` + \`data.npz\` give the exact train / validation / test`,
    `split the run used (${data.counts.train} / ${data.counts.validation} / ${data.counts.test} samples of ${data.name}); \`train.py\` trains`,
    'the graph again with its loss, optimizer, schedule, batch size, epochs, early stopping and seed.',
    'Needs only `torch >= 1.13` and `numpy`.',
    '',
    '## Use the trained model',
    '',
    '```python',
    'from model import load_model',
    'from data import load_splits',
    'model = load_model()                      # weights.npz; or load_model("runs/<run>/checkpoint.pt")',
    'x, y = load_splits()["validation"]',
    `probabilities = model(x[:8])              # input [N, ${shape}] channels last, as Layerloom feeds it`,
    '```',
    '',
    "Raw samples need the graph's Normalize statistics first: `data.normalize(raw)`.",
    '',
    '## Train',
    '',
    '```sh',
    "python train.py                           # the graph's settings; --epochs N, --out DIR, --resume RUN_DIR, --from-trained",
    'torchrun --nproc_per_node=4 train.py      # DDP on one machine: NCCL on GPUs, gloo on CPUs',
    'torchrun --nnodes=2 --node_rank=0 --master_addr=HOST --master_port=29500 --nproc_per_node=8 train.py',
    '```',
    '',
    "Under torchrun the graph's batch size is the global batch (each process takes its share); only rank 0",
    'prints, checkpoints (`checkpoint.pt` each epoch) and writes the run folder. The run folder',
    '(summary.json, metrics.jsonl, graph.layerloom, meta.json) opens in Layerloom: copy it into the',
    "workspace's `runs/` folder, or run `layerloom compare RUN_DIR OTHER_RUN_DIR`.",
    '',
  ];
  if (run?.final)
    lines.push(
      '## The Layerloom run this came from',
      '',
      `${run.epochs ?? '?'} epochs on ${run.backend ?? '?'}: validation accuracy ${pct(run.final.val_acc)}, validation loss ${run.final.val_loss?.toFixed(4) ?? '—'}.`,
      '',
    );
  lines.push(
    '## What each node became',
    '',
    '| Node | Kind | In model.py | What it does |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| \`${cell(r.id)}\` | ${r.type} | \`${cell(r.code)}\` | ${cell(r.summary)} |`),
    '',
    'Data nodes (Dataset, Subset, Resize, Normalize, Augment) live in `data.py`; Loss and Optimizer in',
    '`losses.py` and `train.py`.',
    '',
    '## Where PyTorch and Layerloom differ',
    '',
    "- Tensors stay channels first between convolutions; `forward` takes and returns Keras's channels-last",
    "  layout, and Flatten goes back to channels last first so the values come in Keras's order.",
    "- Fresh weights (train.py without --from-trained) follow Keras's initialisers but torch's random",
    "  numbers, and shuffling, dropout masks and Augment draws use torch's generators: a run here matches a",
    '  Layerloom run in distribution, not number for number.',
    ...(data.augment.length > 0
      ? ['- Augment draws the same kinds of changes (flips, shift, rotation, zoom, noise) with torch.']
      : []),
    ...notes.map((n) => `- ${n}`),
    '',
  );
  return lines.join('\n');
}
