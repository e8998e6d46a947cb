import { NOT_PROBED, type BackendChoice } from '../../../graph-core/src/backends';

export { NOT_PROBED };

/** The `--backend auto` lines: which backend won and every candidate's measured speed. */
export function describeProbes(choice: BackendChoice): string {
  const lines = [
    `Backend probe${choice.cached ? ' (remembered from an earlier run on this machine)' : ''}: ${choice.chosen}`,
  ];
  for (const p of choice.probes) {
    const error = p.error ?? 'unknown error';
    const what = p.ok
      ? `${Math.round(p.samplesPerSec ?? 0).toLocaleString('en-US')} samples/s`
      : error.startsWith(NOT_PROBED)
        ? error
        : `unusable: ${error}`;
    lines.push(`  ${p.backend === choice.chosen ? '*' : ' '} ${p.backend.padEnd(6)} ${what}`);
  }
  return `${lines.join('\n')}\n`;
}
