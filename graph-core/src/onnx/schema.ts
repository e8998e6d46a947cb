import protobuf from 'protobufjs';

/**
 * The part of the ONNX schema (onnx.proto, IR version 8) Layerloom reads and writes, as a
 * protobufjs reflection tree. Field numbers follow the spec; messages and fields we never use
 * (sparse tensors, training info, functions, quantization annotations) are left out, and
 * protobuf skips them when reading. onnx.proto is proto2: repeated numbers are written
 * unpacked unless the spec marks them `[packed = true]` (TensorProto's data fields).
 */
type FieldJson = { type: string; id: number; rule?: 'repeated'; options?: { packed: boolean } };

const f = (type: string, id: number): FieldJson => ({ type, id });
const list = (type: string, id: number): FieldJson => ({ type, id, rule: 'repeated' });
const nums = (type: string, id: number, packed: boolean): FieldJson => ({
  type,
  id,
  rule: 'repeated',
  options: { packed },
});

const ONNX_JSON = {
  nested: {
    onnx: {
      nested: {
        AttributeType: {
          values: {
            UNDEFINED: 0,
            FLOAT: 1,
            INT: 2,
            STRING: 3,
            TENSOR: 4,
            GRAPH: 5,
            FLOATS: 6,
            INTS: 7,
            STRINGS: 8,
            TENSORS: 9,
            GRAPHS: 10,
            SPARSE_TENSOR: 11,
            SPARSE_TENSORS: 12,
            TYPE_PROTO: 13,
            TYPE_PROTOS: 14,
          },
        },
        AttributeProto: {
          fields: {
            name: f('string', 1),
            refAttrName: f('string', 21),
            docString: f('string', 13),
            type: f('int32', 20),
            f: f('float', 2),
            i: f('int64', 3),
            s: f('bytes', 4),
            t: f('TensorProto', 5),
            g: f('GraphProto', 6),
            tp: f('TypeProto', 14),
            floats: nums('float', 7, false),
            ints: nums('int64', 8, false),
            strings: list('bytes', 9),
            tensors: list('TensorProto', 10),
            graphs: list('GraphProto', 11),
            typeProtos: list('TypeProto', 15),
          },
        },
        ValueInfoProto: {
          fields: { name: f('string', 1), type: f('TypeProto', 2), docString: f('string', 3) },
        },
        NodeProto: {
          fields: {
            input: list('string', 1),
            output: list('string', 2),
            name: f('string', 3),
            opType: f('string', 4),
            domain: f('string', 7),
            attribute: list('AttributeProto', 5),
            docString: f('string', 6),
          },
        },
        StringStringEntryProto: { fields: { key: f('string', 1), value: f('string', 2) } },
        OperatorSetIdProto: { fields: { domain: f('string', 1), version: f('int64', 2) } },
        ModelProto: {
          fields: {
            irVersion: f('int64', 1),
            opsetImport: list('OperatorSetIdProto', 8),
            producerName: f('string', 2),
            producerVersion: f('string', 3),
            domain: f('string', 4),
            modelVersion: f('int64', 5),
            docString: f('string', 6),
            graph: f('GraphProto', 7),
            metadataProps: list('StringStringEntryProto', 14),
          },
        },
        GraphProto: {
          fields: {
            node: list('NodeProto', 1),
            name: f('string', 2),
            initializer: list('TensorProto', 5),
            docString: f('string', 10),
            input: list('ValueInfoProto', 11),
            output: list('ValueInfoProto', 12),
            valueInfo: list('ValueInfoProto', 13),
          },
        },
        TensorProto: {
          fields: {
            dims: nums('int64', 1, false),
            dataType: f('int32', 2),
            floatData: nums('float', 4, true),
            int32Data: nums('int32', 5, true),
            stringData: list('bytes', 6),
            int64Data: nums('int64', 7, true),
            name: f('string', 8),
            docString: f('string', 12),
            rawData: f('bytes', 9),
            externalData: list('StringStringEntryProto', 13),
            dataLocation: f('int32', 14),
            doubleData: nums('double', 10, true),
            uint64Data: nums('uint64', 11, true),
          },
        },
        TensorShapeProto: {
          fields: { dim: list('Dimension', 1) },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
              fields: { dimValue: f('int64', 1), dimParam: f('string', 2), denotation: f('string', 3) },
            },
          },
        },
        TypeProto: {
          oneofs: { value: { oneof: ['tensorType', 'sequenceType'] } },
          fields: {
            tensorType: f('Tensor', 1),
            sequenceType: f('Sequence', 4),
            denotation: f('string', 6),
          },
          nested: {
            Tensor: { fields: { elemType: f('int32', 1), shape: f('TensorShapeProto', 2) } },
            Sequence: { fields: { elemType: f('TypeProto', 1) } },
          },
        },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(ONNX_JSON);

export const ModelProtoType = root.lookupType('onnx.ModelProto');

/** ONNX TensorProto.DataType values Layerloom handles. */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  DOUBLE: 11,
} as const;

/** AttributeProto.AttributeType values. */
export const AttrType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;

/** UTF-8 bytes of a string (graph-core has no TextEncoder in its type environment). */
export function utf8Bytes(s: string): Uint8Array {
  const out = new Uint8Array(protobuf.util.utf8.length(s));
  protobuf.util.utf8.write(s, out, 0);
  return out;
}

export function utf8Text(bytes: Uint8Array): string {
  return protobuf.util.utf8.read(bytes, 0, bytes.length);
}
