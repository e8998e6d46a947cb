import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { MODEL_JSON, RUN_FILES, WEIGHTS_BIN } from '../../../graph-core/src/runs';
import type { RunSink } from '../../../graph-core/src/train';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write';
import { appendJsonl } from './jsonl';

/**
 * graph-core's RunSink over node:fs, for a run folder anywhere on disk (the CLI's `--out`, sweep
 * variants). Every file is replaced atomically; model.json is written after its weights.
 */
export function nodeRunSink(dir: string): RunSink {
  return {
    appendMetrics: async (line) => {
      await fsp.mkdir(dir, { recursive: true });
      await appendJsonl(path.join(dir, RUN_FILES.metrics), [line]);
    },
    writeJson: async (name, value) => {
      await fsp.mkdir(dir, { recursive: true });
      await writeJsonAtomic(path.join(dir, name), value, { backup: false });
    },
    writeModel: async (folder, files) => {
      const target = path.join(dir, RUN_FILES[folder]);
      await fsp.mkdir(target, { recursive: true });
      await writeFileAtomic(path.join(target, WEIGHTS_BIN), new Uint8Array(files.weightData), {
        backup: false,
      });
      const modelJson = {
        format: files.format,
        generatedBy: files.generatedBy,
        convertedBy: files.convertedBy,
        modelTopology: files.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: files.weightSpecs }],
        ...(files.userDefinedMetadata && { userDefinedMetadata: files.userDefinedMetadata }),
      };
      await writeJsonAtomic(path.join(target, MODEL_JSON), modelJson, { backup: false });
    },
  };
}
