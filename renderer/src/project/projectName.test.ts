import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectNameProblem } from './projectName';

describe('projectNameProblem', () => {
  it.each([
    ['', 'Give the project a name.'],
    ['   ', 'Give the project a name.'],
    ['a/b', 'A project name cannot contain “/” (nor / \\ : * ? " < > |).'],
    ['what?', 'A project name cannot contain “?” (nor / \\ : * ? " < > |).'],
    ['tab\there', 'A project name cannot contain a control character (nor / \\ : * ? " < > |).'],
    ['.hidden', 'A project name cannot start or end with a dot.'],
    ['CON', '“CON” is a reserved file name on Windows.'],
    ['x'.repeat(121), 'At most 120 characters (this one has 121).'],
  ])('refuses %j: %s', (name, problem) => {
    expect(projectNameProblem(name)).toBe(problem);
  });

  it.each(['Flowers', 'MNIST MLP (v2)', 'Résumé – ü 数字', 'x'.repeat(120)])('accepts %j', (name) => {
    expect(projectNameProblem(name)).toBeNull();
  });

  it('accepts every name of letters, digits and spaces that has a letter', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,60}$/), (name) => {
        fc.pre(!/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(name.trim()));
        expect(projectNameProblem(name)).toBeNull();
      }),
    );
  });
});
