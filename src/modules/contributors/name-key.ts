/**
 * A name folded for matching: accents removed, lower case, words of letters and digits only, each
 * after one space (" noor haddad"). `q` folds the same way, so " had" is found inside the key of
 * every name with a word starting "had", on both databases alike, with no LIKE wildcard ever in it.
 */
export function foldName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return words.length ? ` ${words.join(' ')}` : '';
}
