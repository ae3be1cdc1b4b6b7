/** Why a register file as a whole cannot be imported (as opposed to a refusal of one row). */
export type ImportFileErrorCode = 'unreadable' | 'no_header' | 'missing_columns' | 'too_many_rows' | 'format';

/**
 * The file as a whole cannot be imported. `message` is English for logs; `localizedMessage` is for the person who uploaded it.
 * `missing` (missing_columns) holds the Chinese names of the required columns that were not found; `line` is the row where
 * reading stopped, when known.
 */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
  readonly code: ImportFileErrorCode;
  readonly missing?: string[];
  readonly line?: number;
  readonly localizedMessage: { 'zh-CN': string; en: string };

  constructor(
    code: ImportFileErrorCode,
    message: { 'zh-CN': string; en: string },
    extra: { missing?: string[]; line?: number; cause?: unknown } = {},
  ) {
    super(message.en, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.code = code;
    this.localizedMessage = message;
    if (extra.missing !== undefined) this.missing = extra.missing;
    if (extra.line !== undefined) this.line = extra.line;
  }
}
