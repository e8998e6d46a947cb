import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS } from '../../host/src/contract/channels';
import type { MenuCommand } from '../../host/src/contract/channels';
import { buildBridge } from './bridge';
import { menuTemplate } from './menu';

function clickAll(items: MenuItemConstructorOptions[]): void {
  for (const item of items) {
    (item.click as (() => void) | undefined)?.();
    if (Array.isArray(item.submenu)) clickAll(item.submenu);
  }
}

describe('app menu', () => {
  it.each([true, false])('offers every menu command exactly once (mac: %s)', (isMac) => {
    const sent: MenuCommand[] = [];
    clickAll(menuTemplate((c) => sent.push(c), isMac));
    expect([...sent].sort()).toEqual([...MENU_COMMANDS].sort());
  });

  it('gives the file commands their usual shortcuts', () => {
    const file = menuTemplate(() => {}, false)[0]!.submenu as MenuItemConstructorOptions[];
    expect(file.filter((i) => i.label).map((i) => [i.label, i.accelerator])).toEqual([
      ['New', 'CmdOrCtrl+N'],
      ['Open…', 'CmdOrCtrl+O'],
      ['Save', 'CmdOrCtrl+S'],
      ['Save As…', 'Shift+CmdOrCtrl+S'],
      ['Export Weights…', 'Shift+CmdOrCtrl+E'],
    ]);
  });
});

describe('preload bridge', () => {
  it('maps each op to its own channel and exposes nothing generic', async () => {
    const calls: [string, unknown][] = [];
    const bridge = buildBridge(
      async (channel, args) => {
        calls.push([channel, args]);
        return { ok: true, value: null };
      },
      () => () => {},
      'linux',
    );
    await bridge.ops.listRuns({ trashed: true });
    expect(calls).toEqual([['layerloom:listRuns', { trashed: true }]]);
    expect(Object.keys(bridge).sort()).toEqual(['onMenuCommand', 'onOpenProject', 'ops', 'platform']);
    expect(Object.isFrozen(bridge.ops)).toBe(true);
  });

  it('passes on only known menu commands and well-formed file ids', () => {
    const deliver: Record<string, (payload: unknown) => void> = {};
    const bridge = buildBridge(
      async () => null,
      (channel, listener) => ((deliver[channel] = listener), () => {}),
      'linux',
    );
    const got: string[] = [];
    bridge.onMenuCommand((c) => got.push(c));
    bridge.onOpenProject((id) => got.push(id));
    deliver.menu!('save');
    deliver.menu!('rm -rf');
    deliver.menu!({ command: 'save' });
    deliver.open!('external:0123456789abcdef01234567');
    deliver.open!('/etc/passwd');
    expect(got).toEqual(['save', 'external:0123456789abcdef01234567']);
  });
});
