// The Frictionless `datapackage` library ships no types; this covers what the release tests use.
declare module 'datapackage' {
  interface Resource {
    readonly name: string;
    readonly descriptor: { readonly type?: string; readonly path: string; readonly schema: { readonly fields: readonly { readonly type: string }[] } };
    read(options?: { relations?: boolean; keyed?: boolean }): Promise<unknown[]>;
  }
  export class Package {
    static load(descriptor: string | object, options?: { basePath?: string }): Promise<Package>;
    readonly valid: boolean;
    readonly errors: Error[];
    readonly resources: Resource[];
  }
}
