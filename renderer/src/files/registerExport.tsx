import { topBarItems } from '../shell/registry';
import { CanvasExportMenu } from './ExportMenu';
import './export.css';

/** The canvas's Export menu in the top bar (runs have their own, in the Runs panel); call once. */
export function registerCanvasExport(): () => void {
  return topBarItems.register({ id: 'export', order: 20, render: () => <CanvasExportMenu /> });
}
