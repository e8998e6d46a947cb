import { describe, expect, it } from 'vitest';
import { keyParams } from './catalogue';

describe('keyParams (the lines on a node card)', () => {
  it('fills with defaults but leaves out penalties that are off and the default initialiser', () => {
    const lines = keyParams({ id: 'h2', type: 'Dense', params: { units: 32, activation: 'relu' } });
    expect(lines.map(([k]) => k)).toEqual(['units', 'activation']);
  });

  it('shows an initialiser the user chose', () => {
    const lines = keyParams({ id: 'h3', type: 'Dense', params: { kernelInitializer: 'heNormal' } });
    expect(lines).toContainEqual(['kernelInitializer', 'heNormal']);
  });

  it('shows a penalty the user set', () => {
    const lines = keyParams({ id: 'h1', type: 'Dense', params: { units: 32, kernelL2: 0.001 } });
    expect(lines).toContainEqual(['kernelL2', '0.001']);
  });
});
