import type { Scanner } from './xml-scanner.js';

/**
 * The two prolog constructs read one character at a time: the XML declaration (a few dozen
 * characters, once per file) and the DOCTYPE (always refused). Both follow saxes's states step
 * by step, so that their errors come at the same character.
 */

const GT = 0x3e;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const LT = 0x3c;
const BANG = 0x21;
const MINUS = 0x2d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

const isQuote = (c: number): boolean => c === DQUOTE || c === SQUOTE;

const enum Decl {
  NameStart,
  Name,
  Equals,
  ValueStart,
  Value,
  Separator,
  Ending,
}

/**
 * `<?xml` at `lt`, its target read up to `after` (`endedByQuestion`: the target ended at `?`).
 * Returns where the declaration ends. The version switches the scanner to XML 1.1 rules when it
 * is not `1.0`, from the character after its closing quote on.
 */
export function scanXmlDeclaration(s: Scanner, lt: number, after: number, endedByQuestion: boolean): number {
  s.p = after;
  let state = endedByQuestion ? Decl.Ending : Decl.NameStart;
  let name = '';
  let expects = ['version'];
  let quote = 0;
  const incomplete = (): never => s.fail(s.p, 'XML declaration is incomplete.');
  for (;;) {
    switch (state) {
      case Decl.NameStart: {
        const c = s.read();
        if (s.isSpace(c)) break;
        if (c === QUESTION) {
          state = Decl.Ending;
          break;
        }
        name = String.fromCodePoint(c);
        state = Decl.Name;
        break;
      }
      case Decl.Name: {
        let c = s.read();
        while (c !== EQUALS && c !== QUESTION && !s.isSpace(c)) {
          name += String.fromCodePoint(c);
          c = s.read();
        }
        if (c === QUESTION) incomplete();
        if (!expects.includes(name)) {
          s.fail(
            s.p,
            name.length === 0
              ? 'did not expect any more name/value pairs.'
              : name.length === 1
                ? `expected the name ${String(expects[0])}.`
                : `expected one of ${expects.join(', ')}`,
          );
        }
        state = c === EQUALS ? Decl.ValueStart : Decl.Equals;
        break;
      }
      case Decl.Equals: {
        const c = s.read();
        if (c === QUESTION) incomplete();
        if (s.isSpace(c)) break;
        if (c !== EQUALS) s.fail(s.p, 'value required.');
        state = Decl.ValueStart;
        break;
      }
      case Decl.ValueStart: {
        const c = s.read();
        if (c === QUESTION) incomplete();
        if (s.isSpace(c)) break;
        if (!isQuote(c)) s.fail(s.p, 'value must be quoted.');
        quote = c;
        state = Decl.Value;
        break;
      }
      case Decl.Value: {
        let value = '';
        let c = s.read();
        while (c !== quote && c !== QUESTION) {
          value += String.fromCodePoint(c);
          c = s.read();
        }
        if (c === QUESTION) incomplete();
        if (name === 'version') {
          expects = ['encoding', 'standalone'];
          if (!/^1\.[0-9]+$/.test(value)) s.fail(s.p, 'version number must match /^1\\.[0-9]+$/.');
          if (value !== '1.0') s.setXml11(s.p);
        } else if (name === 'encoding') {
          if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(value)) {
            s.fail(s.p, 'encoding value must match /^[A-Za-z0-9][A-Za-z0-9._-]*$/.');
          }
          expects = ['standalone'];
        } else if (name === 'standalone') {
          if (value !== 'yes' && value !== 'no') s.fail(s.p, 'standalone value must match "yes" or "no".');
          expects = [];
        }
        name = '';
        state = Decl.Separator;
        break;
      }
      case Decl.Separator: {
        const c = s.read();
        if (c === QUESTION) {
          state = Decl.Ending;
          break;
        }
        if (!s.isSpace(c)) s.fail(s.p, 'whitespace required.');
        state = Decl.NameStart;
        break;
      }
      case Decl.Ending: {
        const c = s.read();
        if (c !== GT) s.fail(s.p, 'The character ? is disallowed anywhere in XML declarations.');
        if (name !== 'version' && expects.includes('version'))
          s.fail(s.p, 'XML declaration must contain a version.');
        s.xmlDeclaration = [lt, s.p];
        s.lastMarkupEnd = s.p;
        s.xmlDeclPossible = false;
        return s.p;
      }
    }
  }
}

const DOCTYPE_REFUSED =
  'DOCTYPE declarations are refused: domain XML never needs one, and entities are never expanded';

const enum Dtd {
  Doctype,
  DoctypeQuoted,
  Subset,
  SubsetQuoted,
  OpenAngle,
  OpenBang,
  OpenBangDash,
  Comment,
  CommentDash,
  CommentEnded,
  Pi,
  PiEnding,
}

/**
 * `<!DOCTYPE` at `lt`: refused. saxes reads it to its end (an internal subset, quoted strings,
 * comments and processing instructions in it) before reporting it; errors on the way come first.
 */
export function scanDoctype(s: Scanner, lt: number): never {
  s.p = lt + 9;
  if (s.sawRoot) s.fail(s.p, 'inappropriately located doctype declaration.');
  let state = Dtd.Doctype;
  let quote = 0;
  for (;;) {
    const c = s.read();
    switch (state) {
      case Dtd.Doctype:
        if (c === GT) s.failAt(s.text.lastIndexOf('<!DOCTYPE', s.p), DOCTYPE_REFUSED, s.p);
        if (c === LBRACKET) state = Dtd.Subset;
        else if (isQuote(c)) [state, quote] = [Dtd.DoctypeQuoted, c];
        break;
      case Dtd.DoctypeQuoted:
        if (c === quote) state = Dtd.Doctype;
        break;
      case Dtd.Subset:
        if (c === RBRACKET) state = Dtd.Doctype;
        else if (c === LT) state = Dtd.OpenAngle;
        else if (isQuote(c)) [state, quote] = [Dtd.SubsetQuoted, c];
        break;
      case Dtd.SubsetQuoted:
        if (c === quote) state = Dtd.Subset;
        break;
      case Dtd.OpenAngle:
        state = c === BANG ? Dtd.OpenBang : c === QUESTION ? Dtd.Pi : Dtd.Subset;
        break;
      case Dtd.OpenBang:
        state = c === MINUS ? Dtd.OpenBangDash : Dtd.Subset;
        break;
      case Dtd.OpenBangDash:
        state = c === MINUS ? Dtd.Comment : Dtd.Subset;
        break;
      case Dtd.Comment:
        if (c === MINUS) state = Dtd.CommentDash;
        break;
      case Dtd.CommentDash:
        state = c === MINUS ? Dtd.CommentEnded : Dtd.Comment;
        break;
      case Dtd.CommentEnded:
        if (c !== GT) s.fail(s.p, 'malformed comment.');
        state = Dtd.Subset;
        break;
      case Dtd.Pi:
        if (c === QUESTION) state = Dtd.PiEnding;
        break;
      case Dtd.PiEnding:
        if (c === GT) state = Dtd.Subset;
        break;
    }
  }
}
