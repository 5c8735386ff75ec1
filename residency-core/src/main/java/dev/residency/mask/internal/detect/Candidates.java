package dev.residency.mask.internal.detect;

import dev.residency.mask.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Candidate spans collected during a scan, resolved to sorted non-overlapping spans. Internal,
 * may change without notice. Not thread-safe: one per {@code detect} call.
 */
public final class Candidates {
  // allocated at the first candidate: most lines of most texts have none
  private int[] start;
  private int[] end;
  private int[] prio;
  private String[] type;
  private int n;
  /**
   * The last delimited block a column label was looked up in ({@link Scanner#columnLabel}): the
   * start of its header line, and the start of the lowest row known to belong to it. Rows are
   * looked up left to right, so each walks back only to the row before it.
   */
  int blockHeader = -1;
  int blockVerifiedRow = -1;
  char blockSeparator;
  int blockSeparators;
  /** The COPY line a dump's data rows were last traced to, and the lowest row known to be under it. */
  int copyHeader = -1;
  int copyVerifiedRow = -1;
  /** The lowest row known to have no COPY line above it. */
  int copyRowWithout = -1;
  /**
   * Where the text from the start of a line up to here is known to hold no row break ({@link
   * Scanner#flattenedRowLabel}), so the next value on the same line looks only at what follows.
   */
  int noRowBreakUpTo = -1;
  /**
   * {@code [noParenFrom, noParenTo)} was walked back over by {@link Scanner#insertColumnLabel} and
   * holds no SQL row start ('(', ')' or ';').
   */
  int noParenFrom = -1;
  int noParenTo = -1;
  /**
   * Where a walk of {@link Scanner#insertColumnLabel} began that met a ')' or ';' before any '(':
   * a later value reached from here without crossing a parenthesis, semicolon or quote meets the same.
   */
  int rowStopFrom = -1;
  /**
   * The nearest fixed-width header line above {@code alignedScannedTo} in its block of lines, or
   * -1 ({@link Scanner#alignedColumnLabel}), {@code alignedScannedTo} being the start of the row
   * last looked up: a later row's walk back stops there.
   */
  int alignedHeader = -1;
  int alignedScannedTo = -1;
  /** The last {@link Scanner#fieldLabel} lookup: a value's place, the words and the answer. */
  int fieldLabelAt = -1;
  Scanner.Keywords fieldLabelWords;
  boolean fieldLabelFound;
  /**
   * The digits of candidates whose type a label or a column decided, and that type ({@link
   * Scanner#repeatedNumber}); candidates before {@code knownIndexed} are in it. Built at the first
   * lookup, then kept up as the scan adds candidates.
   */
  private java.util.HashMap<Long, String> knownNumbers;
  private int knownIndexed;

  /** Types whose numbers are found again where written a second time in the same text. */
  private static final java.util.Set<String> REPEATED_TYPES = java.util.Set.of(
      "PHONE", "UK_NHS", "NL_BSN", "DE_TAX_ID", "PL_PESEL", "US_SSN", "SE_PERSONNUMMER", "FR_NIR");

  /**
   * The type of an earlier candidate of {@link #REPEATED_TYPES} with the same digits as {@code
   * s[from, to)}, or null.
   */
  String knownNumber(char[] s, int from, int to) {
    if (knownNumbers == null) {
      knownNumbers = new java.util.HashMap<>();
    }
    for (; knownIndexed < n; knownIndexed++) {
      if (REPEATED_TYPES.contains(type[knownIndexed])) {
        long key = digitsKey(s, start[knownIndexed], end[knownIndexed]);
        if (key >= 0) {
          knownNumbers.putIfAbsent(key, type[knownIndexed]);
        }
      }
    }
    long key = knownNumbers.isEmpty() ? -1 : digitsKey(s, from, to);
    return key < 0 ? null : knownNumbers.get(key);
  }

  /**
   * The digits of {@code s[from, to)} as one number with their count in the low bits (so 0123
   * and 123 differ), without a String per lookup; -1 when there are fewer than 8 or more than 15.
   */
  private static long digitsKey(char[] s, int from, int to) {
    long value = 0;
    int count = 0;
    for (int j = from; j < to; j++) {
      if (s[j] >= '0' && s[j] <= '9') {
        if (++count > 15) {
          return -1;
        }
        value = value * 10 + (s[j] - '0');
      }
    }
    return count < 8 ? -1 : value << 4 | count;
  }

  /** {@code [noNewlineFrom, noNewlineTo)} holds no line break ({@link Scanner#lineStart}). */
  int noNewlineFrom = -1;
  int noNewlineTo = -1;

  /** Adds a validated candidate; {@code priority} breaks ties between equally long spans. */
  public void add(int s, int e, String t, int priority) {
    if (start == null) {
      start = new int[16];
      end = new int[16];
      prio = new int[16];
      type = new String[16];
    } else if (n == start.length) {
      int cap = n * 2;
      start = Arrays.copyOf(start, cap);
      end = Arrays.copyOf(end, cap);
      prio = Arrays.copyOf(prio, cap);
      type = Arrays.copyOf(type, cap);
    }
    start[n] = s;
    end[n] = e;
    prio[n] = priority;
    type[n] = t;
    n++;
  }

  /**
   * Whether a candidate of type {@code t} (the same constant) ends exactly at {@code at}; only the
   * last few added are looked at, as the scan adds them left to right.
   */
  boolean endsAt(String t, int at) {
    for (int i = n - 1; i >= 0 && i >= n - 6; i--) {
      if (end[i] == at && type[i] == t) {
        return true;
      }
    }
    return false;
  }

  /** Maps every candidate's offsets through {@code originalIndex} (see {@link JsonEscapes}). */
  public void remap(int[] originalIndex) {
    for (int i = 0; i < n; i++) {
      start[i] = originalIndex[start[i]];
      end[i] = originalIndex[end[i]];
    }
  }

  /** The end of the candidate at {@code index}, in the order added. */
  int endAt(int index) {
    return end[index];
  }

  /** Number of candidates. */
  public int size() {
    return n;
  }

  /**
   * Sorted, non-overlapping spans: where candidates overlap, the longest wins, then the higher
   * priority, then the earlier.
   */
  public List<Span> resolve() {
    if (n == 0) {
      return List.of();
    }
    boolean sorted = true;
    for (int i = 1; i < n && sorted; i++) {
      sorted = order(i - 1, i) <= 0;
    }
    // candidates usually arrive in order: no index array then
    Integer[] idx = null;
    if (!sorted) {
      idx = new Integer[n];
      for (int i = 0; i < n; i++) {
        idx[i] = i;
      }
      Arrays.sort(idx, this::order);
    }
    int[] keep = new int[n];
    int k = 0;
    for (int j = 0; j < n; j++) {
      int c = idx == null ? j : idx[j];
      if (k == 0 || start[c] >= end[keep[k - 1]]) {
        keep[k++] = c;
        continue;
      }
      int last = keep[k - 1];
      int lc = end[c] - start[c];
      int ll = end[last] - start[last];
      if (lc > ll || (lc == ll && prio[c] > prio[last])) {
        // c starts at or after last's start, so it cannot overlap what precedes last
        keep[k - 1] = c;
      }
    }
    List<Span> out = new ArrayList<>(k);
    for (int j = 0; j < k; j++) {
      int c = keep[j];
      out.add(Span.of(start[c], end[c], type[c]));
    }
    return out;
  }

  private int order(int a, int b) {
    if (start[a] != start[b]) {
      return Integer.compare(start[a], start[b]);
    }
    int la = end[a] - start[a];
    int lb = end[b] - start[b];
    if (la != lb) {
      return Integer.compare(lb, la);
    }
    return Integer.compare(prio[b], prio[a]);
  }
}
