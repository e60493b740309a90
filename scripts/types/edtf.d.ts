// The edtf package ships no type declarations; this covers the part the project uses.
declare module 'edtf' {
  interface ExtDate {
    readonly type: string;
    readonly min: number;
    readonly max: number;
  }
  export default function edtf(input: string): ExtDate;
}
