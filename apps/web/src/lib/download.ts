/**
 * Hands a file the dashboard fetched itself (with the session token) to the browser's downloads,
 * under `filename`: a link with a `download` attribute to an object URL, clicked once.
 */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Later, not now: some browsers start reading the URL only after the click's task has ended.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
