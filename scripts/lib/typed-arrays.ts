/** A copy at least `length` long, doubling so that appends cost O(1) on average. */
export function grown<T extends Uint8Array | Int32Array | Uint32Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(length, array.length * 2));
  bigger.set(array);
  return bigger;
}
