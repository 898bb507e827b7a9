/** What the operator console needs from the host, as a port its adapter implements. */

/** The host's own size, for "allotted against what there is"; null where it cannot be read. */
export interface HostResources {
  read(): Promise<{ vcpus: number; memoryMb: number; diskGb: number | null }>;
}
