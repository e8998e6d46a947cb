import type { PreparedData } from '../../data/pipeline';
import type { GraphDocument } from '../../document/types';
import type { NamedWeight } from '../../weights/named';
import { UnsupportedExportError } from '../../weights/unsupported';
import type { NpyArray } from './npy';

/** One file of an export, relative to the export folder. */
export interface ExportFile {
  path: string;
  contents: string | Uint8Array;
}

/** What a finished Layerloom run reported, quoted in the README so the PyTorch run can be checked against it. */
export interface RunSummaryLike {
  final?: { loss: number | null; acc: number | null; val_loss: number | null; val_acc: number | null };
  epochs?: number;
  backend?: string;
}

export interface PytorchExportInput {
  document: GraphDocument;
  /** Trained (or freshly initialised) weights, tfjs names and layouts: `<node id>/<weight>`. */
  weights: readonly NamedWeight[];
  /** The graph's data as Layerloom's pipeline prepared it (`loadDataForGraph`). */
  data: PreparedData;
  runSummary?: RunSummaryLike;
}

/**
 * A graph the PyTorch export cannot express (or weights that do not fit it): the exporters' shared
 * UnsupportedExportError with format 'pytorch', naming the node and field and what to change.
 */
export class PytorchExportError extends UnsupportedExportError {
  constructor(reason: string, fix: string, nodeId: string, field: string | null) {
    super('pytorch', nodeId, field, reason, fix);
  }
}

/**
 * How a tensor is laid out in the generated forward(): Keras layout (channels last), or channels
 * first after a convolution (rank 3: [N, C, L], rank 4: [N, C, H, W]). `shape` is Keras's, no batch.
 */
export interface Layout {
  shape: number[];
  channelsFirst: boolean;
}

/** What one node becomes in model.py. */
export interface EmittedNode {
  /** `nn.Linear(784, 128)`: assigned to `self.<name>` in __init__; absent for functional ops. */
  module?: string;
  /** The expression computing the node's output from its inputs' variable names. */
  expr: string;
  /** One line for the comment above the forward line and for the README table. */
  summary: string;
  out: Layout;
  /** state_dict entries under `<name>.`, already in PyTorch layout. */
  state: Record<string, NpyArray>;
  /** Names of helper definitions model.py must carry (see helpers.ts). */
  helpers: string[];
  /** Where PyTorch differs from tfjs in a way a reader should know. */
  notes: string[];
  /** Parameters that exist only to fill torch's layout and must not train (BatchNorm without center or scale). */
  frozen?: string[];
  /**
   * The state_dict entries (under `<name>.`) holding the Keras kernel and bias, for the node's L1/L2
   * penalties. A weight missing here cannot carry a penalty and the export refuses one set on it.
   */
  penalised?: { kernel?: string; bias?: string };
  /** Statements run after init_like_keras for a non-default start (`{name}` is the module's name). */
  reinit?: string[];
}
