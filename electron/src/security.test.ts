import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { denyPermissions, hardenContents, isAppUrl, windowOptions } from './security';

class FakeContents extends EventEmitter {
  openHandler: (() => { action: string }) | undefined;
  setWindowOpenHandler(handler: () => { action: string }) {
    this.openHandler = handler;
  }
  /** Emits an event the way Electron does and reports whether a listener prevented it. */
  attempt(name: string, url: string): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

describe('window security', () => {
  it('keeps the renderer isolated, sandboxed and without Node', () => {
    const prefs = windowOptions('/app/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/preload.cjs',
    });
  });

  it.each([
    ['app://layerloom/index.html', true],
    ['app://layerloom/assets/x.js', true],
    ['app://other/index.html', false],
    ['file:///etc/passwd', false],
    ['https://example.com/', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('treats %s as the app: %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });

  it('blocks navigation, redirects and webviews away from the app, and denies window.open', () => {
    const contents = new FakeContents();
    hardenContents(contents as unknown as WebContents);
    expect(contents.attempt('will-navigate', 'https://example.com')).toBe(true);
    expect(contents.attempt('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(contents.attempt('will-navigate', 'app://layerloom/index.html')).toBe(false);
    expect(contents.attempt('will-attach-webview', 'app://layerloom/')).toBe(true);
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    const answers: boolean[] = [];
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: (...args: unknown[]) => unknown) => (handlers.request = h),
      setPermissionCheckHandler: (h: (...args: unknown[]) => unknown) => (handlers.check = h),
      setDevicePermissionHandler: (h: (...args: unknown[]) => unknown) => (handlers.device = h),
    };
    denyPermissions(session as unknown as Session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      handlers.request!({}, permission, (granted: boolean) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false]);
    expect(handlers.check!({}, 'media')).toBe(false);
    expect(handlers.device!({})).toBe(false);
  });
});
