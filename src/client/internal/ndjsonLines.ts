/**
 * The complete lines of a byte stream, decoded as UTF-8 (without their `\n`); a last line without `\n` is not
 * complete and is dropped (a cut stream never yields half a record).
 *
 * @param body - the bytes
 * @returns the lines
 */
export async function* completeLines(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of body) {
    const text = rest + decoder.decode(chunk, { stream: true });
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      yield text.slice(from, nl);
      from = nl + 1;
    }
    rest = text.slice(from);
  }
}

/**
 * Read a WHATWG ReadableStream as an AsyncIterable, cancelling it when the iteration stops early.
 *
 * @param stream - the stream
 * @returns its chunks
 */
export async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) {
        done = true;
        return;
      }
      yield r.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
