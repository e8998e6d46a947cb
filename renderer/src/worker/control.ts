/** What the page can change while a run goes: stop, pause, and the GPU going away. */
import { webglContext } from './backend';

export class Control {
  stopRequested = false;
  paused = false;
  contextLost = false;
  private resolveLost: () => void = () => undefined;
  /** Settles when the WebGL context is lost; never otherwise. */
  readonly lost = new Promise<void>((resolve) => {
    this.resolveLost = resolve;
  });

  /** Listens for the loss of the backend's WebGL context (GPU reset, driver crash, the debug hook). */
  watchContext(): void {
    const gl = webglContext();
    const canvas = gl?.canvas as OffscreenCanvas | undefined;
    canvas?.addEventListener('webglcontextlost', (event) => {
      event.preventDefault();
      this.markLost();
    });
  }

  markLost(): void {
    this.contextLost = true;
    this.resolveLost();
  }

  /** Loses the context the way a GPU reset would (WEBGL_lose_context); false when not on webgl. */
  loseContext(): boolean {
    const ext = webglContext()?.getExtension('WEBGL_lose_context');
    if (!ext) return false;
    ext.loseContext();
    // Some drivers deliver the event late or never to an OffscreenCanvas; the loss is certain here.
    this.markLost();
    return true;
  }
}
