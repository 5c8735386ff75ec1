package dev.residency.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class TokenRoundTripTest {
  private static final String TEXT = "Contact alice@example.com and bob.smith+x@mail.example.org today.";

  @Test
  void anotherInstanceWithTheSameKeyUnmasks() {
    MaskingPipeline a = MaskingPipeline.create(TestKeys.withK2().build());
    MaskingPipeline b = MaskingPipeline.create(TestKeys.withK2().build());

    String masked = a.mask(TEXT, "token").text();

    assertThat(masked).doesNotContain("alice").doesNotContain("bob");
    assertThat(b.unmasker().unmask(masked)).isEqualTo(TEXT);
  }

  @Test
  void aGuardsMaskerTokenizesAndUnmasksThroughTheInterface() {
    dev.residency.ResidencyGuard guard = dev.residency.ResidencyGuard.builder(
            dev.residency.ResidencyPolicy.builder().allowJurisdictions("EU").setMasking(TestKeys.withK2().build()).build())
        .setAuditSink(event -> {}).build();
    Masker masker = guard.masking();

    MaskResult masked = masker.mask(TEXT, "token");

    assertThat(masker.detect(TEXT)).extracting(Span::type).containsExactly("EMAIL", "EMAIL");
    assertThat(masked.counts()).containsEntry("EMAIL:token", 2);
    assertThat(masker.unmasker().unmask(masked.text())).isEqualTo(TEXT);
  }

  @Test
  void tokensMadeWithAnOlderKeyStillUnmaskAfterRotation() {
    MaskingPipeline before = MaskingPipeline.create(MaskingSettings.builder()
        .addKey("k1", MaskingSettings.KeySource.bytes(TestKeys.K1)).setCurrentKeyId("k1").build());
    String old = before.mask(TEXT, "token").text();
    MaskingPipeline after = MaskingPipeline.create(MaskingSettings.builder()
        .addKey("k2", MaskingSettings.KeySource.bytes(TestKeys.K2))
        .addKey("k1", MaskingSettings.KeySource.bytes(TestKeys.K1))
        .setCurrentKeyId("k2").build());

    String fresh = after.mask(TEXT, "token").text();

    assertThat(old).contains("[[EMAIL:k1:");
    assertThat(fresh).contains("[[EMAIL:k2:").doesNotContain("k1");
    assertThat(after.unmasker().unmask(old + " / " + fresh)).isEqualTo(TEXT + " / " + TEXT);
  }

  @Test
  void aTamperedTokenStaysAsItIs() {
    MaskingPipeline p = MaskingPipeline.create(TestKeys.withK2().build());
    String token = p.maskValue("alice@example.com", "EMAIL", "token");
    int i = token.length() - 5;
    String tampered = token.substring(0, i) + (token.charAt(i) == 'a' ? 'b' : 'a') + token.substring(i + 1);

    String out = p.unmasker().unmask("x " + tampered + " y");

    assertThat(out).isEqualTo("x " + tampered + " y");
  }

  @Test
  void changingTheTypeInATokenBreaksAuthentication() {
    MaskingPipeline p = MaskingPipeline.create(TestKeys.withK2().build());
    String token = p.maskValue("alice@example.com", "EMAIL", "token");
    String retyped = token.replace("[[EMAIL:", "[[PHONE:");

    String out = p.unmasker().unmask(retyped);

    assertThat(out).isEqualTo(retyped);
  }

  @Test
  void changingTheKeyIdInATokenBreaksAuthentication() {
    MaskingPipeline p = MaskingPipeline.create(MaskingSettings.builder()
        .addKey("k2", MaskingSettings.KeySource.bytes(TestKeys.K2))
        .addKey("k1", MaskingSettings.KeySource.bytes(TestKeys.K2))
        .setCurrentKeyId("k2").build());
    String token = p.maskValue("alice@example.com", "EMAIL", "token");
    String renamed = token.replace(":k2:", ":k1:");

    String out = p.unmasker().unmask(renamed);

    assertThat(out).isEqualTo(renamed);
  }

  @Test
  void anInstanceWithAnotherKeyLeavesTokensAlone() {
    String masked = MaskingPipeline.create(TestKeys.withK2().build()).mask(TEXT, "token").text();
    MaskingPipeline stranger = MaskingPipeline.create(MaskingSettings.builder()
        .addKey("k2", MaskingSettings.KeySource.bytes(TestKeys.K1)).setCurrentKeyId("k2").build());

    String out = stranger.unmasker().unmask(masked);

    assertThat(out).isEqualTo(masked);
  }

  @Test
  void survivesAModelChangingTheCaseOfThePayloadOrType() {
    MaskingPipeline p = MaskingPipeline.create(TestKeys.withK2().build());
    String token = p.maskValue("alice@example.com", "EMAIL", "token");
    String shouted = token.toUpperCase(Locale.ROOT).replace(":K2:", ":k2:");
    String lowered = token.toLowerCase(Locale.ROOT);

    assertThat(p.unmasker().unmask("«" + shouted + "»")).isEqualTo("«alice@example.com»");
    assertThat(p.unmasker().unmask(lowered)).isEqualTo("alice@example.com");
  }

  @Test
  void restoresTokensInsideBracketsMarkdownAndJson() {
    MaskingPipeline p = MaskingPipeline.create(TestKeys.withK2().build());
    String t = p.maskValue("alice@example.com", "EMAIL", "token");
    String answer = "[" + t + "] **" + t + "** {\"to\":\"" + t + "\"} [[[" + t + "]]]";

    String out = p.unmasker().unmask(answer);

    assertThat(out).isEqualTo("[alice@example.com] **alice@example.com** {\"to\":\"alice@example.com\"} "
        + "[[[alice@example.com]]]");
  }

  @Test
  void roundTripsNonAsciiValuesOfAnyLength() {
    MaskingPipeline p = MaskingPipeline.create(TestKeys.withK2().build());
    StringBuilder v = new StringBuilder();
    for (int n = 1; n <= 70; n++) {
      v.append(n % 3 == 0 ? "é" : n % 5 == 0 ? "\uD83D\uDE00" : "a");
      String token = p.maskValue(v.toString(), "COLUMN", "token");

      assertThat(token).matches("\\[\\[COLUMN:k2:[a-z2-7]+]]");
      assertThat(p.unmasker().unmask(token)).isEqualTo(v.toString());
    }
  }

  @Test
  void withoutKeysTokensRoundTripWithinTheProcessOnly() {
    MaskingPipeline a = MaskingPipeline.create(MaskingSettings.defaults());
    MaskingPipeline b = MaskingPipeline.create(MaskingSettings.defaults());

    String masked = a.mask(TEXT, "token").text();

    assertThat(masked).contains("[[EMAIL:local:");
    assertThat(b.unmasker().unmask(masked)).isEqualTo(TEXT);
  }

  @Test
  void neverMasksInsideATokenAlreadyInTheText() {
    MaskingPipeline p = MaskingPipeline.create(TestKeys.withK2().build());
    String token = p.maskValue("alice@example.com", "EMAIL", "token");
    String text = "earlier: " + token + " key AKIA1234";
    int payloadStart = text.indexOf(":k2:") + 4;
    java.util.Map<String, Integer> counts = new java.util.TreeMap<>();

    String out = p.maskSpans(text, java.util.List.of(
        Span.of(payloadStart, payloadStart + 20, "API_KEY"), Span.of(text.length() - 8, text.length(), "AWS_ACCESS_KEY")),
        "redact", counts);

    assertThat(out).isEqualTo("earlier: " + token + " key [AWS_ACCESS_KEY]");
    assertThat(counts).containsOnlyKeys("AWS_ACCESS_KEY:redact");
    assertThat(p.unmasker().unmask(out)).isEqualTo("earlier: alice@example.com key [AWS_ACCESS_KEY]");
  }
}
