/**
 * Share `s` of `parts` contiguous shares of `items` items: `[from, to)` with
 * `from = floor(s * items / parts)`. Shares differ in size by at most one item.
 */
export function share(items: number, parts: number, s: number): { from: number; to: number } {
  return { from: Math.floor((s * items) / parts), to: Math.floor(((s + 1) * items) / parts) };
}

/** `array` itself when it is in shared memory, else a copy there (for a worker to read). */
export function sharedCopy<T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}

export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}

export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT));
}

export function sharedUint8(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length));
}

/** True when every array is in shared memory (a worker reads it without a copy). */
export function inSharedMemory(...arrays: readonly (ArrayBufferView | undefined)[]): boolean {
  return arrays.every((array) => array === undefined || array.buffer instanceof SharedArrayBuffer);
}
