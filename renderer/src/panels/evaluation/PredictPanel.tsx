import { useEffect, useRef, useState } from 'react';
import { trainingController } from '../../training/useTraining';
import { FeatureEntry, PredictSamples, type Picked } from './PredictSamples';
import { useRunEvaluation } from './useRunEvaluation';

const SIDE = 28;
const PAD = 196;

/** Downscales the drawing to 28×28 grey values in 0..1, as MNIST digits are fed. */
function pixelsOf(canvas: HTMLCanvasElement): Float32Array {
  const small = document.createElement('canvas');
  small.width = SIDE;
  small.height = SIDE;
  const ctx = small.getContext('2d')!;
  ctx.drawImage(canvas, 0, 0, SIDE, SIDE);
  const data = ctx.getImageData(0, 0, SIDE, SIDE).data;
  const out = new Float32Array(SIDE * SIDE);
  for (let i = 0; i < out.length; i++) out[i] = data[4 * i]! / 255;
  return out;
}

export function PredictPanel() {
  const { runs, runId, pick: pickRun, report } = useRunEvaluation({ listedOnly: true });
  const [probs, setProbs] = useState<number[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [trueLabel, setTrueLabel] = useState<number | null>(null);
  const pad = useRef<HTMLCanvasElement>(null);
  const down = useRef(false);

  const blankPad = () => {
    const ctx = pad.current?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, PAD, PAD);
  };
  const clear = () => {
    blankPad();
    setProbs(null);
  };
  useEffect(clear, []);

  const draw = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const ctx = pad.current?.getContext('2d');
    if (!ctx || !down.current) return;
    const r = e.currentTarget.getBoundingClientRect();
    ctx.fillStyle = '#fff';
    ctx.beginPath();
    ctx.arc(e.clientX - r.left, e.clientY - r.top, 8, 0, Math.PI * 2);
    ctx.fill();
  };
  const run = async (input: Float32Array, label: number | null) => {
    if (!runId) return;
    const result = await trainingController().predict(runId, input);
    setProbs(result.probabilities);
    setTrueLabel(label);
    setError(result.error ?? null);
  };
  const classify = async () => {
    if (pad.current) await run(pixelsOf(pad.current), null);
  };
  // A stale drawing beside a sample's prediction would read as its input.
  const pick = (p: Picked) => {
    blankPad();
    void run(p.input, p.label);
  };
  const imageModel = report ? report.samples.some((x) => x.image) : true;
  const top = probs ? probs.indexOf(Math.max(...probs)) : -1;

  return (
    <div className="predict-panel">
      <div>
        <select
          aria-label="Run"
          data-testid="predict.run"
          value={runId}
          onChange={(e) => pickRun(e.target.value)}
        >
          {runs.length === 0 && <option value="">No trained runs yet</option>}
          {runs.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
        {/* Kept mounted when hidden: the pad is painted black once, on mount. */}
        <div hidden={!imageModel}>
          <canvas
            ref={pad}
            width={PAD}
            height={PAD}
            className="predict-canvas"
            data-testid="predict.canvas"
            onPointerDown={(e) => {
              // Keep the stroke when the pointer leaves the pad mid-gesture.
              e.currentTarget.setPointerCapture(e.pointerId);
              down.current = true;
              draw(e);
            }}
            onPointerMove={draw}
            onPointerUp={() => {
              down.current = false;
              void classify();
            }}
          />
          <div>
            <button type="button" data-testid="predict.clear" onClick={clear}>
              Clear
            </button>
          </div>
        </div>
        {!imageModel && <FeatureEntry onPick={pick} />}
      </div>
      <div>
        {error && <div className="training-error">{error}</div>}
        {probs && (
          <>
            <div>
              Predicted: <b data-testid="predict.top">{top}</b>
              {trueLabel !== null && (
                <span className="dim" data-testid="predict.label">
                  {' '}
                  (label {trueLabel})
                </span>
              )}
            </div>
            <div className="predict-probs">
              {probs.map((p, i) => (
                <div key={i} style={{ display: 'contents' }} data-testid={`predict.prob.${i}`}>
                  <span>{i}</span>
                  <span className="predict-bar" style={{ width: `${p * 100}%` }} />
                  <span data-testid={`predict.prob.${i}.value`}>{(p * 100).toFixed(1)}%</span>
                </div>
              ))}
            </div>
          </>
        )}
      </div>
      {report && <PredictSamples samples={report.samples} onPick={pick} />}
    </div>
  );
}
