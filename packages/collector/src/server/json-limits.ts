/**
 * Bounds on a JSON text's shape, checked in one linear pass before JSON.parse (pure): nesting depth (deep nesting
 * overflows the stack in JSON.stringify and in recursive code) and the number of values in any one array and in
 * the whole document (millions of tiny values cost seconds of CPU and hundreds of MB to parse). The pass skips
 * string contents, so it costs a fraction of the parse itself.
 */

export interface JsonLimits {
  /** Deepest nesting of arrays and objects (the event array counts as 1). */
  maxDepth: number;
  /** Most elements in any one array. */
  maxArrayLength: number;
  /** Most arrays and objects in the whole document. */
  maxContainers: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 32, maxArrayLength: 100_000, maxContainers: 500_000 };

const QUOTE = 0x22, BACKSLASH = 0x5c, OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d, OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, COMMA = 0x2c;

/** The first limit the text breaks, as a message, or null. Malformed JSON is left to JSON.parse to report. */
export function jsonShapeViolation(text: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): string | null {
  // Per open container: is it an array, and how many commas at its level so far (elements - 1).
  const isArray: boolean[] = [];
  const commas: number[] = [];
  let containers = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Skip the string: to the next quote not escaped by an odd run of backslashes.
      for (;;) {
        const j = text.indexOf('"', i + 1);
        if (j < 0) return null;
        let k = j - 1;
        while (text.charCodeAt(k) === BACKSLASH) k--;
        i = j;
        if ((j - 1 - k) % 2 === 0) break;
      }
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (isArray.length >= limits.maxDepth) return `JSON nesting deeper than ${limits.maxDepth} levels`;
      if (++containers > limits.maxContainers) return `more than ${limits.maxContainers} arrays and objects in one body`;
      isArray.push(c === OPEN_ARRAY);
      commas.push(0);
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      isArray.pop();
      commas.pop();
    } else if (c === COMMA) {
      const top = isArray.length - 1;
      if (top >= 0 && isArray[top] && ++commas[top]! + 1 > limits.maxArrayLength) {
        return `an array with more than ${limits.maxArrayLength} elements`;
      }
    }
  }
  return null;
}
