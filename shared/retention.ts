/**
 * Replicate deletes an API prediction's inputs, outputs and files an hour after it ran
 * (Replicate docs, data retention): a result not on the canvas by then is gone.
 */
export const RETENTION_MS = 60 * 60 * 1000;
