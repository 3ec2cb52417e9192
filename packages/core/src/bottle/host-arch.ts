/**
 * This host's architecture in the words images and VMs use (amd64, arm64),
 * recorded with every bottle and snapshot: a snapshot only runs natively on
 * the architecture it was taken on.
 */
export function hostArch(arch: string = process.arch): string {
  const names: Record<string, string> = {x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x'}
  return names[arch] ?? arch
}
