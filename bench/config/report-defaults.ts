/** Defaults of `bench report`, apart from write-report.ts so that the command's --help does not load the chart libraries. */
export const REPORT_DEFAULTS = { outDir: 'reports' } as const;
