import { DataType, ModelProtoType } from './schema';

/**
 * ONNX messages as plain data (int64 fields as numbers, which is exact for every dimension and
 * attribute a model can use). Field names are protobufjs's camelCase of the spec's snake_case.
 */
export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: number[];
  doubleData?: number[];
  rawData?: Uint8Array;
  dataLocation?: number;
}

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: OnnxTensor;
  g?: OnnxGraph;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
}

export interface OnnxNode {
  input: string[];
  output: string[];
  name: string;
  opType: string;
  domain?: string;
  attribute: OnnxAttribute[];
  docString?: string;
}

export interface OnnxDim {
  dimValue?: number;
  dimParam?: string;
}

export interface OnnxValueInfo {
  name: string;
  type?: { tensorType?: { elemType: number; shape?: { dim: OnnxDim[] } } };
  docString?: string;
}

export interface OnnxGraph {
  name: string;
  node: OnnxNode[];
  initializer: OnnxTensor[];
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
  valueInfo?: OnnxValueInfo[];
  docString?: string;
}

export interface OnnxModel {
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  graph: OnnxGraph;
  metadataProps?: { key: string; value: string }[];
}

/** A file that is not an ONNX model Layerloom can read or write, with a reason a user understands. */
export class OnnxError extends Error {
  override readonly name = 'OnnxError';
}

export function encodeModel(model: OnnxModel): Uint8Array {
  const message = ModelProtoType.fromObject(model as unknown as Record<string, unknown>);
  return ModelProtoType.encode(message).finish();
}

/**
 * Reads ONNX bytes. Truncated or garbage bytes fail with one OnnxError (never a protobuf
 * RangeError), and so does a message that parses but holds no graph.
 */
export function decodeModel(bytes: Uint8Array): OnnxModel {
  if (bytes.byteLength === 0) throw new OnnxError('The ONNX file is empty.');
  let decoded: Record<string, unknown>;
  try {
    const message = ModelProtoType.decode(bytes);
    decoded = ModelProtoType.toObject(message, { longs: Number, defaults: true, arrays: true });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new OnnxError(`Not a readable ONNX model (the protobuf data is truncated or damaged: ${why}).`);
  }
  const model = decoded as unknown as OnnxModel;
  if (!decoded['graph'] || model.graph.node.length === 0)
    throw new OnnxError('Not an ONNX model: the file holds no graph with nodes.');
  if (!Number.isFinite(model.irVersion) || model.irVersion <= 0)
    throw new OnnxError('Not an ONNX model: it has no IR version.');
  // A cut at a field boundary still parses; what every model must have tells it apart.
  if (!model.opsetImport.some((o) => o.domain === '' || o.domain === 'ai.onnx'))
    throw new OnnxError('Not a complete ONNX model: it names no opset version (the file may be truncated).');
  if (model.graph.output.length === 0)
    throw new OnnxError('Not a complete ONNX model: its graph has no outputs (the file may be truncated).');
  return model;
}

/** A float32 initializer from a shape and values. */
export function floatTensor(name: string, dims: readonly number[], data: Float32Array): OnnxTensor {
  const raw = new Uint8Array(data.length * 4);
  const view = new DataView(raw.buffer);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { name, dims: [...dims], dataType: DataType.FLOAT, rawData: raw };
}

export function int64Tensor(name: string, dims: readonly number[], data: readonly number[]): OnnxTensor {
  return { name, dims: [...dims], dataType: DataType.INT64, int64Data: [...data] };
}

const count = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** The values of a numeric tensor as float32 (int64 ids and shapes included); names the tensor when it cannot. */
export function tensorValues(t: OnnxTensor): Float32Array {
  const n = count(t.dims);
  if (t.dataLocation === 1)
    throw new OnnxError(
      `Tensor "${t.name}" keeps its data in an external file; save the model with its weights inside.`,
    );
  const raw = t.rawData;
  if (raw && raw.byteLength > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const size: Record<number, number> = {
      [DataType.FLOAT]: 4,
      [DataType.INT32]: 4,
      [DataType.INT64]: 8,
      [DataType.DOUBLE]: 8,
      [DataType.UINT8]: 1,
      [DataType.INT8]: 1,
      [DataType.BOOL]: 1,
    };
    const width = size[t.dataType];
    if (!width)
      throw new OnnxError(`Tensor "${t.name}" has data type ${t.dataType}, which Layerloom cannot read.`);
    if (raw.byteLength !== n * width)
      throw new OnnxError(
        `Tensor "${t.name}" holds ${raw.byteLength} bytes but its shape needs ${n * width}.`,
      );
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const at = i * width;
      switch (t.dataType) {
        case DataType.FLOAT:
          out[i] = view.getFloat32(at, true);
          break;
        case DataType.INT32:
          out[i] = view.getInt32(at, true);
          break;
        case DataType.INT64:
          out[i] = Number(view.getBigInt64(at, true));
          break;
        case DataType.DOUBLE:
          out[i] = view.getFloat64(at, true);
          break;
        case DataType.INT8:
          out[i] = view.getInt8(at);
          break;
        default:
          out[i] = view.getUint8(at);
      }
    }
    return out;
  }
  const listed = [t.floatData, t.int32Data, t.int64Data, t.doubleData].find((a) => a && a.length > 0) ?? [];
  if (listed.length !== n)
    throw new OnnxError(`Tensor "${t.name}" holds ${listed.length} values but its shape needs ${n}.`);
  return Float32Array.from(listed);
}
