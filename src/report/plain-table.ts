/** The terminal tables' shared look: borderless cli-table3 tables, with trailing spaces trimmed. */

/** Borderless tables: easy to read, easy to copy, no box-drawing noise. */
export const PLAIN_TABLE = {
  chars: {
    top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '',
    'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
  },
  style: { 'padding-left': 0, 'padding-right': 0, head: [] as string[], border: [] as string[] },
};

/** cli-table3 pads every cell, so lines end in spaces; nobody wants those in a log or a diff. */
export function trimLines(text: string): string {
  // Spaces may sit before trailing colour codes ("FAIL\u001b[39m  "): drop them, keep the codes.
  const trailing = /[ \t]+((?:\u001b\[[\d;]*m)*)$/;
  return text.split('\n').map((line) => {
    let trimmed = line;
    for (let previous = ''; previous !== trimmed;) {
      previous = trimmed;
      trimmed = trimmed.replace(trailing, '$1');
    }
    return trimmed;
  }).join('\n');
}
