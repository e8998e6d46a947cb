import type { BackendChoice } from '../../../graph-core/src/backends/probe-cache';

/** The `--backend auto` lines: which backend won and every candidate's measured speed. */
export function describeProbes(choice: BackendChoice): string {
  const lines = [
    `Backend probe${choice.cached ? ' (remembered from an earlier run on this machine)' : ''}: ${choice.chosen}`,
  ];
  for (const p of choice.probes) {
    const what = p.ok
      ? `${Math.round(p.samplesPerSec ?? 0).toLocaleString('en-US')} samples/s`
      : `unusable: ${p.error ?? 'unknown error'}`;
    lines.push(`  ${p.backend === choice.chosen ? '*' : ' '} ${p.backend.padEnd(5)} ${what}`);
  }
  return `${lines.join('\n')}\n`;
}
