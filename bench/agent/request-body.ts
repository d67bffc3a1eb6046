/** Reads a JSON request body, refusing anything over the size cap before it is buffered. */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/** Reads and parses the body; 413 when larger than maxBytes, 400 when it is not JSON. */
export function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.reject(new HttpError(413, `request body is ${declared} bytes; the limit is ${maxBytes}`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBytes) {
        refused = true;
        chunks.length = 0;
        reject(new HttpError(413, `request body is over the limit of ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', (error) => reject(new HttpError(400, `could not read the request body: ${error.message}`)));
    request.on('end', () => {
      if (refused) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim().length === 0) return reject(new HttpError(400, 'request body is empty; send a JSON object'));
      try {
        resolve(JSON.parse(text) as unknown);
      } catch {
        reject(new HttpError(400, 'request body is not valid JSON'));
      }
    });
  });
}
