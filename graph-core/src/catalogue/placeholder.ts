import { text } from './param-builders';
import type { NodeKindSpec } from './types';

/**
 * What an import could not map: a visible node named after the original layer or op, wired where it
 * was, that always reports an error and never compiles. Its `config` param (not edited, kept as
 * saved) holds the original configuration so nothing from the source file is dropped.
 */
export const Unsupported: NodeKindSpec = {
  type: 'Unsupported',
  category: 'Layers',
  group: 'Core',
  summary: 'A layer or op an import could not map; replace it with supported nodes to train.',
  inputs: { min: 0, max: Infinity, ordered: true },
  hasOutput: true,
  paletteHidden: true,
  params: [
    text({
      name: 'op',
      label: 'Original op',
      doc: 'The layer class or op in the imported file.',
      default: '',
    }),
    text({ name: 'source', label: 'Imported from', doc: 'The file format it came from.', default: '' }),
    text({
      name: 'reason',
      label: 'Why',
      doc: 'Why it could not be mapped to a Layerloom node.',
      default: '',
    }),
  ],
};

/** The error every Unsupported node reports, e.g. `Keras layer Lambda at node 'lambda1' is not supported: …`. */
export function unsupportedMessage(nodeId: string, p: Record<string, unknown>): string {
  // An importer may store its own full sentence (the ONNX importer does: "ONNX op LRN at node …").
  if (typeof p['message'] === 'string' && p['message'])
    return `${p['message'].replace(/\.$/, '')}. Replace it with supported nodes to train.`;
  const op = typeof p['op'] === 'string' && p['op'] ? p['op'] : 'unknown op';
  const source = typeof p['source'] === 'string' && p['source'] ? `${p['source']} ` : '';
  const reason = typeof p['reason'] === 'string' && p['reason'] ? p['reason'] : 'it has no Layerloom node';
  return `${source}${op} at node '${nodeId}' is not supported: ${reason}. Replace it with supported nodes to train.`;
}
