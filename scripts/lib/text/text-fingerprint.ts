/** Whether every UTF-16 code unit of `key` fits in one byte, so that a byte array can hold it. */
export function isLatin1(key: string): boolean {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) > 0xff) return false;
  return true;
}

/** FNV-1a over the UTF-16 code units, finished with a multiply-xorshift so that the low bits (the slot) mix well; a 32-bit integer. */
export function fingerprintOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  return hash ^ (hash >>> 13);
}
