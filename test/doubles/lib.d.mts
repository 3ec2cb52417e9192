// Types for the part of lib.mjs the TypeScript test support uses.
export function readRecord(dir: string, kind: string, name: string): any
export function writeRecord(dir: string, kind: string, name: string, record: unknown): void
