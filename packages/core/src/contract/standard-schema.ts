/**
 * The Standard Schema interface (standardschema.dev), the part the host calls.
 * zod, valibot and arktype schemas all implement it, so a plugin can validate
 * its options with whichever it bundles, whatever version.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1
    readonly vendor: string
    readonly validate: (value: unknown) => StandardSchemaV1.Result<Output> | Promise<StandardSchemaV1.Result<Output>>
    readonly types?: {readonly input: Input; readonly output: Output} | undefined
  }
}

export declare namespace StandardSchemaV1 {
  type Result<Output> = {readonly value: Output; readonly issues?: undefined} | {readonly issues: readonly Issue[]}
  interface Issue {
    readonly message: string
    readonly path?: ReadonlyArray<PropertyKey | {readonly key: PropertyKey}> | undefined
  }
}
