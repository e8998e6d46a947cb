/** The browser's file picker for one file (browser mode has no native Open dialog). */
export function pickFile(accept: string, doc: Document = document): Promise<File | null> {
  return new Promise((resolve) => {
    const input = doc.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      resolve(input.files?.[0] ?? null);
      input.remove();
    });
    input.addEventListener('cancel', () => {
      resolve(null);
      input.remove();
    });
    doc.body.append(input);
    input.click();
  });
}

/** A `.layerloom` project among dropped files, if there is one. */
export function projectFileIn(files: FileList | readonly File[] | null | undefined): File | null {
  return Array.from(files ?? []).find((f) => f.name.toLowerCase().endsWith('.layerloom')) ?? null;
}

/** The browser's file picker for several files at once (a model.json with its weight files). */
export function pickFiles(accept: string, doc: Document = document): Promise<File[]> {
  return new Promise((resolve) => {
    const input = doc.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = true;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      resolve(Array.from(input.files ?? []));
      input.remove();
    });
    input.addEventListener('cancel', () => {
      resolve([]);
      input.remove();
    });
    doc.body.append(input);
    input.click();
  });
}
