import { describe, expect, it } from 'vitest';
import { NODE_TYPES } from '../../../graph-core/src/document';
import { ALL_SPECS, CATEGORIES } from '../core/catalogue';
import { filterSpecs, paletteGroups } from './Palette';

describe('the palette', () => {
  it('shows every node kind but the import placeholder exactly once, the Layers in sub-groups', () => {
    const shown = CATEGORIES.flatMap((c) =>
      paletteGroups(ALL_SPECS.filter((s) => s.category === c)).flatMap((g) => g.items.map((s) => s.type)),
    );
    expect([...shown].sort()).toEqual(NODE_TYPES.filter((t) => t !== 'Unsupported').sort());
    const layers = paletteGroups(ALL_SPECS.filter((s) => s.category === 'Layers'));
    const of = (group: string) => layers.find((g) => g.group === group)?.items.map((s) => s.type);
    expect(of('Convolution')).toEqual([
      'Conv1D',
      'Conv2D',
      'DepthwiseConv2D',
      'SeparableConv2D',
      'Conv2DTranspose',
    ]);
    expect(of('Pooling')).toEqual([
      'MaxPooling2D',
      'AveragePooling2D',
      'GlobalAveragePooling2D',
      'GlobalMaxPooling1D',
      'GlobalMaxPooling2D',
    ]);
    expect(of('Recurrent')).toEqual(['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional']);
    expect(of('Normalization')).toEqual(['BatchNormalization', 'LayerNormalization']);
  });

  it('keeps a category without sub-groups as one list', () => {
    const groups = paletteGroups(ALL_SPECS.filter((s) => s.category === 'Activations'));
    expect(groups).toHaveLength(1);
    expect(groups[0]?.group).toBeNull();
  });

  it('finds kinds by their sub-group name', () => {
    expect(filterSpecs('normalization').map((s) => s.type)).toEqual([
      'BatchNormalization',
      'LayerNormalization',
    ]);
  });
});
