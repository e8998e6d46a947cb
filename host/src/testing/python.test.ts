import { describe, expect, it } from 'vitest';
import { PYTHON_CANDIDATES, findPython, requirePython } from './python';

describe('findPython', () => {
  it('finds the interpreter that imports torch and onnx, and names their versions', () => {
    const found = findPython(['torch', 'onnx']);
    if ('missing' in found) throw new Error(found.missing);
    expect(PYTHON_CANDIDATES).toContain(found.python);
    expect(found.versions.torch).toMatch(/^\d+\.\d+/);
    expect(found.versions.onnx).toMatch(/^\d+\.\d+/);
  });

  it('says which candidates failed and which Debian packages to install when none imports the module', () => {
    const found = findPython(['no_such_module_layerloom'], ['/usr/bin/python3', '/nonexistent/python3']);
    expect(found).toEqual({ missing: expect.stringContaining('python3-no_such_module_layerloom') });
    expect((found as { missing: string }).missing).toContain('/nonexistent/python3');
    expect((found as { missing: string }).missing).toContain("No module named 'no_such_module_layerloom'");
  });

  it('throws the same message from requirePython, so a test never silently skips', () => {
    expect(() => requirePython(['no_such_module_layerloom'])).toThrow(/apt-get install/);
  });
});
