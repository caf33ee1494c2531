// A primeos WASM stage in AssemblyScript (ABI: docs/WASM.md). Input: one item as UTF-8 (a bigint arrives as
// its decimal text). Output: JSON {"digits": d, "digitSum": s} — the count and the sum of its decimal digits.
// Build: node examples/wasm/build.mjs (writes digits.wasm next to this file).

let inBuf: usize = 0;
let inCap: usize = 0;
let outBuf: usize = 0;

/** Room for `len` input bytes; the host writes the item there. */
export function alloc(len: i32): i32 {
  if (<usize>len > inCap) {
    inBuf = inBuf == 0 ? heap.alloc(<usize>len) : heap.realloc(inBuf, <usize>len);
    inCap = <usize>len;
  }
  return <i32>inBuf;
}

function writeU32(at: usize, v: u32): usize {
  let digits: u32 = 1;
  for (let x = v; x >= 10; x /= 10) digits++;
  let p = at + digits;
  let x = v;
  do {
    p--;
    store<u8>(p, 48 + (x % 10));
    x /= 10;
  } while (x > 0);
  return at + digits;
}

function writeText(at: usize, s: string): usize {
  for (let i = 0; i < s.length; i++) store<u8>(at + i, <u8>s.charCodeAt(i));
  return at + s.length;
}

/** Count and sum the decimal digits of the input; returns (outPtr << 32) | outLen. */
export function process(ptr: i32, len: i32): i64 {
  let digits: u32 = 0;
  let sum: u32 = 0;
  for (let i = 0; i < len; i++) {
    const c = load<u8>(<usize>ptr + i);
    if (c >= 48 && c <= 57) {
      digits++;
      sum += c - 48;
    }
  }
  if (outBuf == 0) outBuf = heap.alloc(64);
  let p = writeText(outBuf, '{"digits":');
  p = writeU32(p, digits);
  p = writeText(p, ',"digitSum":');
  p = writeU32(p, sum);
  p = writeText(p, '}');
  return (<i64>outBuf << 32) | <i64>(p - outBuf);
}
