/** Version of run.json's layout; readers refuse files of another version. */
export const RUN_SCHEMA_VERSION = 1;
