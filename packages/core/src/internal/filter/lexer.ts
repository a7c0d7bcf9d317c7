/**
 * The filter tokenizer. A word is a maximal run of characters other than whitespace, quotes,
 * parentheses and brackets: it covers attribute paths (URN-qualified ones included, whose `:`
 * and `.` would trip a finer lexer), operators, keywords, numbers and unquoted legacy values
 * alike; the parser gives each word its meaning from where it stands.
 */

/** Thrown inside the parser and turned into a `ScimError` at the module boundary; never escapes. */
export class ParseFailure {
  constructor(
    readonly message: string,
    readonly position: number
  ) {}
}

export type Token =
  | { readonly kind: "word"; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: "string"; readonly value: string; readonly start: number; readonly end: number }
  | { readonly kind: "(" | ")" | "[" | "]" | "end"; readonly start: number; readonly end: number }

const isWhitespace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13

// Quotes, parentheses and brackets end a word.
const isDelimiter = (code: number) => code === 34 || code === 40 || code === 41 || code === 91 || code === 93

const simpleEscapes: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t"
}

const HEX4 = /^[0-9a-fA-F]{4}$/

/** Reads a JSON string starting at the opening quote; returns its value and the index after it. */
const readString = (text: string, start: number): { readonly value: string; readonly end: number } => {
  let value = ""
  let i = start + 1
  let chunkStart = i
  while (i < text.length) {
    const char = text[i]!
    if (char === '"') return { value: value + text.slice(chunkStart, i), end: i + 1 }
    if (char === "\\") {
      value += text.slice(chunkStart, i)
      const escaped = text[i + 1]
      if (escaped === "u") {
        const hex = text.slice(i + 2, i + 6)
        if (!HEX4.test(hex)) throw new ParseFailure(`Invalid escape "\\u${hex}" in string at position ${i}`, i)
        value += String.fromCharCode(Number.parseInt(hex, 16))
        i += 6
      } else {
        const replacement = escaped === undefined ? undefined : simpleEscapes[escaped]
        if (replacement === undefined) {
          throw new ParseFailure(`Invalid escape "\\${escaped ?? ""}" in string at position ${i}`, i)
        }
        value += replacement
        i += 2
      }
      chunkStart = i
    } else {
      i++
    }
  }
  throw new ParseFailure(`Unterminated string starting at position ${start}`, start)
}

/** Splits a filter into tokens, ending with an `end` token. */
export const tokenize = (text: string): ReadonlyArray<Token> => {
  const tokens: Array<Token> = []
  let i = 0
  while (i < text.length) {
    const code = text.charCodeAt(i)
    if (isWhitespace(code)) {
      i++
    } else if (code === 34) {
      const { value, end } = readString(text, i)
      tokens.push({ kind: "string", value, start: i, end })
      i = end
    } else if (isDelimiter(code)) {
      tokens.push({ kind: text[i] as "(" | ")" | "[" | "]", start: i, end: i + 1 })
      i++
    } else {
      const start = i
      while (i < text.length) {
        const next = text.charCodeAt(i)
        if (isWhitespace(next) || isDelimiter(next)) break
        i++
      }
      tokens.push({ kind: "word", text: text.slice(start, i), start, end: i })
    }
  }
  tokens.push({ kind: "end", start: text.length, end: text.length })
  return tokens
}

const MAX_SHOWN = 40

/** How a token is named in error messages. */
export const describe = (token: Token): string => {
  switch (token.kind) {
    case "end":
      return "end of input"
    case "word":
      return `"${token.text.length > MAX_SHOWN ? `${token.text.slice(0, MAX_SHOWN)}…` : token.text}"`
    case "string": {
      const json = JSON.stringify(token.value)
      return `string ${json.length > MAX_SHOWN ? `${json.slice(0, MAX_SHOWN)}…"` : json}`
    }
    default:
      return `"${token.kind}"`
  }
}
