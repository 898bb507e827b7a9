/** Where this host reaches a socket listening on `listenHost`: a wildcard listen on loopback, a specific address on itself. */
export function reachableAddress(listenHost: string): string {
  return listenHost === '0.0.0.0' ? '127.0.0.1' : listenHost;
}
