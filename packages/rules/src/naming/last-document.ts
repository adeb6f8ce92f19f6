import type { DomainDocument } from '@virt-alias/parser';

/**
 * A value computed once per document, remembered for the document last asked about only.
 *
 * The rules of one lint pass ask about the same document one after the other, so one slot is
 * enough. It replaces `WeakMap`s keyed by the document: with them, V8's young-generation
 * collector kept every linted document (its text and tree) alive until the next full
 * collection, and copying them from young collection to young collection cost two thirds of a
 * file's lint time (docs/performance.md, "no WeakMap per document").
 */
export class LastDocument<T> {
  private document: DomainDocument | undefined;
  private value: T | undefined;

  constructor(private readonly compute: (document: DomainDocument) => T) {}

  get(document: DomainDocument): T {
    if (this.document !== document) {
      this.value = this.compute(document);
      this.document = document;
    }
    return this.value as T;
  }
}
