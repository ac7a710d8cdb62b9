/**
 * MySQL character sets whose bytes are not UTF-8, by the WHATWG encoding
 * label that decodes them (Node's TextDecoder). `mysqldump --tab` writes a
 * column's values in the column's own character set, so a `latin1` column
 * of a UTF-8 table holds latin1 bytes in an otherwise UTF-8 file.
 */
const ENCODINGS: Readonly<Record<string, string>> = {
  // MySQL's latin1 is Windows-1252 (0x80–0x9F are € ‚ ƒ …), not ISO-8859-1.
  latin1: 'windows-1252', latin2: 'iso-8859-2', latin5: 'iso-8859-9', latin7: 'iso-8859-13',
  cp1250: 'windows-1250', cp1251: 'windows-1251', cp1256: 'windows-1256', cp1257: 'windows-1257', cp866: 'ibm866',
  greek: 'iso-8859-7', hebrew: 'iso-8859-8', koi8r: 'koi8-r', koi8u: 'koi8-u', tis620: 'windows-874', macroman: 'macintosh',
  sjis: 'shift_jis', cp932: 'shift_jis', ujis: 'euc-jp', eucjpms: 'euc-jp', euckr: 'euc-kr', gb2312: 'gbk', gbk: 'gbk',
  gb18030: 'gb18030', big5: 'big5', ucs2: 'utf-16be', utf16: 'utf-16be', utf16le: 'utf-16le',
}

/** The encoding a column's bytes are in when its character set is not UTF-8 (nor ASCII, nor binary), else undefined. */
export function charsetEncoding(charset: string | undefined): string | undefined {
  return charset === undefined ? undefined : ENCODINGS[charset.toLowerCase()]
}
