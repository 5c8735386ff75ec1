package dev.residency.llm.internal;

import dev.residency.mask.StreamingUnmasker;
import dev.residency.mask.Unmasker;

/**
 * Internal, may change without notice. One stream of string pieces (an SSE field, a Bedrock content
 * block) with tokens restored: plain text, or pieces of a JSON document where a restored value is
 * escaped; and whether it may be holding a token prefix back (see {@link SseUnmasking#mayHold}).
 * Not thread-safe: one per stream.
 */
public final class RestoringStream {
  private final StreamingUnmasker text;
  private final JsonFragmentUnmasker json;
  private boolean holding;

  private RestoringStream(StreamingUnmasker text, JsonFragmentUnmasker json) {
    this.text = text;
    this.json = json;
  }

  /** Pieces of plain text. */
  public static RestoringStream text(Unmasker unmasker) {
    return new RestoringStream(unmasker.streaming(), null);
  }

  /**
   * Pieces of a JSON document. Fast-pathed events are never shown to the stream, so it cannot
   * track quotes: it takes every token to stand inside a JSON string, as in any well-formed document.
   */
  public static RestoringStream json(Unmasker unmasker) {
    return new RestoringStream(null, JsonFragmentUnmasker.insideStrings(unmasker));
  }

  /** The piece with tokens restored, less what is held back for the next piece. */
  public String push(String piece) {
    String out = json != null ? json.push(piece) : text.push(piece);
    holding = SseUnmasking.mayHold(piece, holding);
    return out;
  }

  /** What is still held back (a {@code [[} that never became a token); ends the stream. */
  public String finish() {
    holding = false;
    return json != null ? json.finish() : text.finish();
  }

  /** Whether the stream may be holding a token prefix back. */
  public boolean holding() {
    return holding;
  }
}
