package dev.residency.mask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.mask.internal.DetectionEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall per type over the labelled corpus; writes the table to
 * {@code target/masking-quality.md}.
 */
class DetectionQualityTest {
  static final long SEED = 20261124L;
  static final int DOCS = 2400;

  @Test
  void corpusQualityMeetsTargets() throws IOException {
    List<CorpusGenerator.Doc> docs = new CorpusGenerator(SEED).generate(DOCS);
    DetectionEngine engine = DetectionEngine.create(MaskingSettings.defaults());
    Map<String, int[]> perType = new TreeMap<>(); // tp, fp, fn
    int negatives = 0;
    int negativesFlagged = 0;
    List<String> examples = new ArrayList<>();

    for (CorpusGenerator.Doc d : docs) {
      List<Span> got = engine.detect(d.text());
      Set<Span> expected = new HashSet<>(d.expected());
      for (Span s : got) {
        int[] c = perType.computeIfAbsent(s.type(), k -> new int[3]);
        if (expected.contains(s)) {
          c[0]++;
        } else {
          c[1]++;
          if (examples.size() < 60) {
            examples.add("FP " + s.type() + " '" + d.text().substring(s.start(), s.end()) + "' in " + d.genre());
          }
        }
      }
      Set<Span> gotSet = new HashSet<>(got);
      for (Span e : d.expected()) {
        if (!gotSet.contains(e)) {
          perType.computeIfAbsent(e.type(), k -> new int[3])[2]++;
          if (examples.size() < 60) {
            examples.add("FN " + e.type() + " '" + d.text().substring(e.start(), e.end()) + "' in " + d.genre());
          }
        }
      }
      for (Span n : d.hardNegatives()) {
        negatives++;
        for (Span s : got) {
          if (s.start() < n.end() && n.start() < s.end()) {
            negativesFlagged++;
            if (examples.size() < 60) {
              examples.add("NEG " + s.type() + " '" + d.text().substring(n.start(), n.end()) + "'");
            }
            break;
          }
        }
      }
    }

    int tp = 0;
    int fp = 0;
    int fn = 0;
    StringBuilder md = new StringBuilder();
    md.append("| Type | Expected | TP | FP | FN | Precision | Recall | F1 |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<String, int[]> e : perType.entrySet()) {
      int[] c = e.getValue();
      tp += c[0];
      fp += c[1];
      fn += c[2];
      md.append(row(e.getKey(), c[0], c[1], c[2]));
    }
    md.append(row("**all**", tp, fp, fn));
    double f1 = f1(tp, fp, fn);
    double negRate = negatives == 0 ? 0 : (double) negativesFlagged / negatives;
    md.append(String.format(Locale.ROOT, "%nCorpus: %d documents (seed %d), %d labelled values, %d hard negatives, "
        + "%d flagged (%.2f%%).%n", docs.size(), SEED, tp + fn, negatives, negativesFlagged, negRate * 100));
    Path out = Path.of("target", "masking-quality.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
    System.out.println(md);
    examples.forEach(System.out::println);

    assertThat(docs).hasSizeGreaterThanOrEqualTo(1000);
    assertThat(f1).as("overall F1").isGreaterThanOrEqualTo(0.98);
    assertThat(negRate).as("hard negatives flagged").isLessThan(0.01);
  }

  private static String row(String type, int tp, int fp, int fn) {
    return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.4f | %.4f | %.4f |%n", type, tp + fn, tp, fp, fn,
        tp + fp == 0 ? 1.0 : (double) tp / (tp + fp), tp + fn == 0 ? 1.0 : (double) tp / (tp + fn), f1(tp, fp, fn));
  }

  private static double f1(int tp, int fp, int fn) {
    return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
  }
}
