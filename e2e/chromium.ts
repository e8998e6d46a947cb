/**
 * The one place that says how Layerloom's browser tests, benches and scripts start Chromium.
 * Chromium comes from Debian (/usr/bin/chromium); Playwright never downloads a browser here.
 */
export const CHROMIUM_PATH = process.env.LAYERLOOM_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that work on a closed network; SwiftShader gives WebGL2 without a GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
];
