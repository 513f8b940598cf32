/**
 * Field extraction from JSON text too large to keep or parse whole (a response body beyond 8 MiB, a huge batch result
 * line): only the part that holds the field (the head or the tail of the text) is scanned. Pure functions.
 */

/** Finds the object value of the LAST `"key": {` in `text` (balanced braces, strings respected); null if none. */
export function lastObjectField(text: string, key: string): unknown {
  const needle = `"${key}"`;
  let from = text.length;
  while (from > 0) {
    const at = text.lastIndexOf(needle, from - 1);
    if (at === -1) return null;
    from = at;
    let i = at + needle.length;
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
    if (text[i] !== ':') continue;
    i++;
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
    if (text[i] !== '{') continue;
    const end = matchBrace(text, i);
    if (end === -1) continue;
    try {
      return JSON.parse(text.slice(i, end + 1));
    } catch {
      continue;
    }
  }
  return null;
}

function matchBrace(text: string, start: number): number {
  let depth = 0;
  let inStr = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inStr) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inStr = false;
      continue;
    }
    if (c === 34) inStr = true;
    else if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The first `"key": "string"` in `text`. */
export function firstStringField(text: string, key: string): string | null {
  const m = new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(text);
  if (!m) return null;
  try {
    return JSON.parse(`"${m[1]!}"`) as string;
  } catch {
    return null;
  }
}

/** The LAST `"key": "string"` in `text`. */
export function lastStringField(text: string, key: string): string | null {
  const re = new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`, 'g');
  let last: string | null = null;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) last = m[1]!;
  if (last === null) return null;
  try {
    return JSON.parse(`"${last}"`) as string;
  } catch {
    return null;
  }
}
