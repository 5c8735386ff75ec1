package dev.residency.llm.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.residency.mask.Unmasker;
import dev.residency.mask.internal.Tokens;
import java.util.Objects;

/**
 * Internal, may change without notice. Restores tokens in JSON text that arrives in fragments (a
 * tool call's streamed {@code arguments}, Anthropic's {@code partial_json}), where a token may be
 * split across fragments and a restored value may need JSON escaping.
 *
 * <p>The fragments are raw JSON text, not string values, so a value restored inside a JSON string
 * must be written as a string body: {@code "} and {@code \} and control characters escaped, as
 * Jackson's generator escapes them. To know whether a token sits inside a string, an instance made
 * with {@link #JsonFragmentUnmasker(Unmasker)} tracks the lexical state (inside a string, after a
 * backslash) across every fragment, so it must see all of them in order; a token outside a string
 * (arguments that are not JSON) is restored as plain text, as {@link Unmasker#unmask} does. Tokens
 * never contain {@code "} or {@code \}, so a token never changes that state. One made with {@link
 * #insideStrings} does not track and escapes every restored value, for callers that skip fragments
 * without a {@code [} (in a JSON document a token can only stand inside a string). Output depends
 * only on the concatenated input, not on where it was cut: {@code push(a) + push(b) + finish()}
 * equals {@code unmask(a + b)}.
 *
 * <p>Buffering is bounded like {@link dev.residency.mask.StreamingUnmasker}'s: at most one token.
 * Not thread-safe: one per stream.
 */
public final class JsonFragmentUnmasker {
  private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

  private final Unmasker unmasker;
  private final boolean tracking;
  private String held = "";
  private boolean inString;
  private boolean afterBackslash;

  /** One per stream of fragments; every fragment must be pushed, in order. */
  public JsonFragmentUnmasker(Unmasker unmasker) {
    this(unmasker, true);
  }

  private JsonFragmentUnmasker(Unmasker unmasker, boolean tracking) {
    this.unmasker = Objects.requireNonNull(unmasker, "unmasker");
    this.tracking = tracking;
    this.inString = !tracking;
  }

  /**
   * One per stream of fragments of a JSON document, taking every token to sit inside a string, so
   * fragments without a {@code [} may be skipped while nothing is held back.
   */
  public static JsonFragmentUnmasker insideStrings(Unmasker unmasker) {
    return new JsonFragmentUnmasker(unmasker, false);
  }

  /** Restores every token in a whole JSON text; the same result as pushing it in any pieces. */
  public static String unmask(Unmasker unmasker, String json) {
    if (json.indexOf('[') < 0) {
      return json;
    }
    JsonFragmentUnmasker u = new JsonFragmentUnmasker(unmasker);
    String out = u.push(json);
    return out + u.finish();
  }

  /** Adds a fragment; returns the text that is safe to emit now (possibly empty). */
  public String push(String fragment) {
    Objects.requireNonNull(fragment, "fragment");
    String s = held.isEmpty() ? fragment : held + fragment;
    held = "";
    StringBuilder out = null;
    int from = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (tracking && inString && afterBackslash) {
        afterBackslash = false;
      } else if (tracking && c == '"') {
        inString = !inString;
      } else if (tracking && inString && c == '\\') {
        afterBackslash = true;
      } else if (c == '[') {
        int end = Tokens.scan(s, i, false, Tokens.MAX_STREAM_PAYLOAD);
        if (end == Tokens.PREFIX) {
          held = s.substring(i);
          return out == null ? s.substring(0, i) : out.append(s, from, i).toString();
        }
        if (end > 0) {
          if (out == null) {
            out = new StringBuilder(s.length() + 16);
          }
          out.append(s, from, i);
          // A token that does not authenticate comes back unchanged; escaping it is a no-op.
          String value = unmasker.unmask(s.substring(i, end));
          if (inString) {
            ENCODER.quoteAsString(value, out);
          } else {
            out.append(value);
          }
          from = end;
          i = end - 1;
        }
      }
    }
    return out == null ? s : out.append(s, from, n).toString();
  }

  /** Ends the stream; returns what was held back (a {@code [} that never became a token). */
  public String finish() {
    String rest = held;
    held = "";
    return rest;
  }
}
