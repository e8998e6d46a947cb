import { useEffect, useState } from 'react';
import { evaluationSchema, type EvaluationReport } from '../../../../graph-core/src/runs';
import { useServices } from '../../shell/context';
import { useEditor } from '../../store/useEditor';
import { isActive } from '../../training/state';
import { useTraining } from '../../training/useTraining';

export interface RunEvaluation {
  /** Runs with a saved model, the open project's first, newest first. */
  runs: { id: string; name: string }[];
  /** The run shown: the one picked, else this session's, else the first listed; '' when none. */
  runId: string;
  pick(runId: string): void;
  /** Its evaluation; undefined while it is read, null when it has none. */
  report: EvaluationReport | null | undefined;
  /** It is this session's run and still training: its evaluation comes when it ends. */
  waiting: boolean;
}

/**
 * The runs with a model (the open project's first, newest first) and the evaluation of the one
 * shown: this session's run from memory, an earlier one read back from its folder
 * (evaluation.json), so a relaunch still shows what was trained. A new run in this session is
 * shown as it starts.
 */
export function useRunEvaluation({ listedOnly = false } = {}): RunEvaluation {
  const { host } = useServices();
  const s = useTraining();
  const project = useEditor((e) => e.doc.name);
  const [runs, setRuns] = useState<{ id: string; name: string }[]>([]);
  const [picked, setPicked] = useState('');
  const [loaded, setLoaded] = useState<{ runId: string; report: EvaluationReport | null } | null>(null);
  useEffect(() => setPicked(''), [s.runId]);
  useEffect(() => {
    let live = true;
    host.listRuns({}).then(
      ({ runs }) => {
        const mine = (r: (typeof runs)[number]) => (r.meta.projectName === project ? 0 : 1);
        const withModel = runs.filter((r) => r.hasModel).sort((a, b) => mine(a) - mine(b));
        if (live) setRuns(withModel.map((r) => ({ id: r.id, name: r.meta.name })));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [host, project, s.runId, s.evaluation]);
  // listedOnly (Predict): a run still training has no model yet, so the newest listed one is shown.
  const session = s.runId && (!listedOnly || runs.some((r) => r.id === s.runId)) ? s.runId : '';
  const runId = picked || session || runs[0]?.id || '';
  const current = runId !== '' && runId === s.runId;
  const fromMemory = current && s.evaluation ? s.evaluation : null;
  const waiting = current && !fromMemory && isActive(s.phase);
  useEffect(() => {
    if (runId === '' || fromMemory || waiting) return;
    let live = true;
    const done = (report: EvaluationReport | null) => live && setLoaded({ runId, report });
    host.readRun({ runId }).then(
      (run) => {
        const parsed = evaluationSchema.safeParse(run.evaluation);
        done(parsed.success ? parsed.data : null);
      },
      () => done(null),
    );
    return () => {
      live = false;
    };
  }, [host, runId, fromMemory, waiting]);
  const report = fromMemory ?? (loaded?.runId === runId ? loaded.report : undefined);
  return { runs, runId, pick: setPicked, report, waiting };
}
