/**
 * A growable byte buffer for rendering a batch's output without a string per record: ASCII pieces and integers
 * are written as bytes, other text as UTF-8, and the whole is decoded once at the end.
 */
export class TextBuffer {
  #buf: Buffer = Buffer.allocUnsafe(256 * 1024);
  #len = 0;
  /** Every byte so far is ASCII (decoded faster as latin1). */
  #ascii = true;

  #room(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#len + n));
    this.#buf.copy(grown, 0, 0, this.#len);
    this.#buf = grown;
  }

  /** Append any text (UTF-8). */
  text(s: string): void {
    this.#room(s.length * 3);
    const n = this.#buf.write(s, this.#len, 'utf8');
    if (n !== s.length) this.#ascii = false;
    this.#len += n;
  }

  /** Append an ASCII string (every char code below 128). */
  ascii(s: string): void {
    this.#room(s.length);
    const b = this.#buf;
    let at = this.#len;
    for (let i = 0; i < s.length; i++) b[at++] = s.charCodeAt(i);
    this.#len = at;
  }

  /** Append the characters `s[from, to)`, known to be ASCII digits or signs. */
  asciiRange(s: string, from: number, to: number): void {
    this.#room(to - from);
    const b = this.#buf;
    let at = this.#len;
    for (let i = from; i < to; i++) b[at++] = s.charCodeAt(i);
    this.#len = at;
  }

  /** Append bytes (ASCII: the caller's rendering). */
  bytes(b: Uint8Array): void {
    this.#room(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }

  /** Append one byte (an ASCII char code). */
  byte(c: number): void {
    this.#room(1);
    this.#buf[this.#len++] = c;
  }

  /** Append a non-negative integer below 2^53 in decimal, or in hex with `radix` 16 (digits only, no prefix). */
  int(x: number, radix: 10 | 16 = 10): void {
    this.#room(16);
    const b = this.#buf;
    let end = this.#len;
    // count digits, then write them from the right
    let digits = 1;
    for (let y = x; y >= radix; y = Math.floor(y / radix)) digits++;
    end += digits;
    let at = end;
    let y = x;
    do {
      const d = y % radix;
      b[--at] = d < 10 ? 48 + d : 87 + d;
      y = Math.floor(y / radix);
    } while (y > 0);
    this.#len = end;
  }

  /** The bytes written, decoded as UTF-8. */
  toString(): string {
    return this.#buf.toString(this.#ascii ? 'latin1' : 'utf8', 0, this.#len);
  }
}
