/**
 * Finds where a field starts in CSV text: the physical line and 1-based character column of field
 * `fieldIndex` of the record that starts on `line`. Used for GitHub annotations, which point at characters.
 */
export function fieldPosition(text: string, line: number, fieldIndex: number): { line: number; col: number } | undefined {
  let at = 0;
  for (let current = 1; current < line; current++) {
    const next = nextLineStart(text, at);
    if (next < 0) return undefined;
    at = next;
  }
  let currentLine = line;
  let lineStart = at;
  let field = 0;
  let quoted = false;
  for (let i = at; i < text.length; i++) {
    if (field === fieldIndex && !quoted) return { line: currentLine, col: i - lineStart + 1 };
    const char = text[i];
    if (char === '"') {
      if (quoted && text[i + 1] === '"') i++;
      else quoted = !quoted;
    } else if (char === ',' && !quoted) {
      field++;
      if (field === fieldIndex) return { line: currentLine, col: i + 1 - lineStart + 1 };
    } else if (char === '\n' || char === '\r') {
      if (!quoted) return undefined;
      if (char === '\r' && text[i + 1] === '\n') i++;
      currentLine++;
      lineStart = i + 1;
    }
  }
  return field === fieldIndex ? { line: currentLine, col: text.length - lineStart + 1 } : undefined;
}

function nextLineStart(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\n') return i + 1;
    if (text[i] === '\r') return text[i + 1] === '\n' ? i + 2 : i + 1;
  }
  return -1;
}
