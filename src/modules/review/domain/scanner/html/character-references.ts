/**
 * Decodes the character references of an attribute value (`&#58;`, `&#x3a;`, `&colon;`), as the
 * browser does before it reads the URL or the handler code. The named references kept are the
 * common ones and those used to hide URL and code punctuation; others are left as written.
 */

const NAMED: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', '\u00a0'],
  ['colon', ':'],
  ['sol', '/'],
  ['bsol', '\\'],
  ['period', '.'],
  ['comma', ','],
  ['semi', ';'],
  ['excl', '!'],
  ['quest', '?'],
  ['num', '#'],
  ['percnt', '%'],
  ['commat', '@'],
  ['equals', '='],
  ['lpar', '('],
  ['rpar', ')'],
  ['lsqb', '['],
  ['rsqb', ']'],
  ['lbrack', '['],
  ['rbrack', ']'],
  ['lcub', '{'],
  ['rcub', '}'],
  ['lbrace', '{'],
  ['rbrace', '}'],
  ['plus', '+'],
  ['ast', '*'],
  ['midast', '*'],
  ['dollar', '$'],
  ['grave', '`'],
  ['verbar', '|'],
  ['vert', '|'],
  ['lowbar', '_'],
  ['hyphen', '-'],
  ['dash', '\u2010'],
  ['Tab', '\t'],
  ['NewLine', '\n'],
]);

const REFERENCE = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));?/g;

export function decodeCharacterReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    REFERENCE,
    (whole, decimal: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (decimal !== undefined || hex !== undefined) {
        const code = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16);
        if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
        return String.fromCodePoint(code);
      }
      return (name !== undefined && NAMED.get(name)) || whole;
    },
  );
}
