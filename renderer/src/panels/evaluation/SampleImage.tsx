import { useEffect, useRef } from 'react';
import type { SamplePrediction } from '../../../../graph-core/src/runs';

/** One image sample drawn into a canvas at its own resolution (CSS scales it up, pixelated). */
export function SampleImage({
  image,
  size = 56,
}: {
  image: NonNullable<SamplePrediction['image']>;
  size?: number;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const { width, height, channels, pixels } = image;
    const data = ctx.createImageData(width, height);
    for (let i = 0; i < width * height; i++) {
      const r = pixels[i * channels] ?? 0;
      data.data[4 * i] = r;
      data.data[4 * i + 1] = channels >= 3 ? (pixels[i * channels + 1] ?? 0) : r;
      data.data[4 * i + 2] = channels >= 3 ? (pixels[i * channels + 2] ?? 0) : r;
      data.data[4 * i + 3] = 255;
    }
    ctx.putImageData(data, 0, 0);
  }, [image]);
  return (
    <canvas
      ref={ref}
      width={image.width}
      height={image.height}
      style={{ width: size, height: size, imageRendering: 'pixelated' }}
    />
  );
}
