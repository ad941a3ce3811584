/**
 * What `npm run lab -- check <id> --json` prints (labs/kit/report.ts toJson), as the site's
 * lab panel and exercise islands read it from /api/labs/<id>.
 */
export interface CheckJson {
  readonly passed: boolean;
  readonly ms: number;
  readonly checks: readonly {
    readonly name: string;
    readonly status: 'pass' | 'fail' | 'skip';
    readonly detail?: string;
    readonly message?: string;
    readonly hint?: string;
    readonly output?: string;
  }[];
}
