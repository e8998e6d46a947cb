// Child process for sweepRun.test.ts: runs a sweep whose trainer hangs on one variant, so the test
// can SIGKILL it mid-run the way a crash or a closed terminal would.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { runSweep } from '../sweepRun';

const [dir, hangOn] = process.argv.slice(2) as [string, string];

await runSweep({
  dir,
  train: async ({ runDir, variant }) => {
    await fsp.mkdir(runDir, { recursive: true });
    await fsp.appendFile(path.join(dir, 'trained.log'), `${variant.id}\n`);
    if (variant.id === hangOn) {
      await fsp.writeFile(path.join(runDir, 'metrics.jsonl'), '{"epoch":1,"loss":0.7}\n{"epo');
      await fsp.writeFile(path.join(dir, 'hanging'), variant.id);
      await new Promise(() => {}); // never finishes: the parent kills us here
    }
    const final = { loss: 0.5, acc: 0.8, val_loss: 0.6, val_acc: 0.75 };
    await fsp.writeFile(
      path.join(runDir, 'summary.json'),
      JSON.stringify({ status: 'completed', final, durationMs: 5 }),
    );
    return { runStatus: 'completed', final, durationMs: 5 };
  },
});
