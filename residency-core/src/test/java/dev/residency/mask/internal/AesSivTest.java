package dev.residency.mask.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AesSivTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void matchesRfc5297DeterministicVectorA1() {
    AesSiv siv = new AesSiv(HEX.parseHex("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"));
    byte[] ad = HEX.parseHex("101112131415161718191a1b1c1d1e1f2021222324252627");
    byte[] plaintext = HEX.parseHex("112233445566778899aabbccddee");

    byte[] sealed = siv.encrypt(plaintext, ad);

    assertThat(HEX.formatHex(sealed))
        .isEqualTo("85632d07c6e8f37f950acd320a2ecc93" + "40c02b9690c4dc04daef7f6afe5c");
    assertThat(siv.decrypt(sealed, ad)).isEqualTo(plaintext);
  }

  @Test
  void matchesRfc5297NonceBasedVectorA2() {
    AesSiv siv = new AesSiv(HEX.parseHex("7f7e7d7c7b7a79787776757473727170404142434445464748494a4b4c4d4e4f"));
    byte[] ad1 = HEX.parseHex("00112233445566778899aabbccddeeffdeaddadadeaddadaffeeddccbbaa99887766554433221100");
    byte[] ad2 = HEX.parseHex("102030405060708090a0");
    byte[] nonce = HEX.parseHex("09f911029d74e35bd84156c5635688c0");
    byte[] plaintext = HEX.parseHex(
        "7468697320697320736f6d6520706c61696e7465787420746f20656e6372797074207573696e67205349562d414553");

    byte[] sealed = siv.encrypt(plaintext, ad1, ad2, nonce);

    assertThat(HEX.formatHex(sealed)).isEqualTo("7bdb6e3b432667eb06f4d14bff2fbd0f"
        + "cb900f2fddbe404326601965c889bf17dba77ceb094fa663b7a3f748ba8af829ea64ad544a272e9c485b62a3fd5c0d");
    assertThat(siv.decrypt(sealed, ad1, ad2, nonce)).isEqualTo(plaintext);
  }

  @Test
  void rejectsAnyFlippedBitAndOtherAssociatedData() {
    AesSiv siv = new AesSiv(new byte[64]);
    byte[] sealed = siv.encrypt("alice@example.com".getBytes(), "EMAIL".getBytes());

    for (int i = 0; i < sealed.length * 8; i++) {
      byte[] tampered = sealed.clone();
      tampered[i / 8] ^= (byte) (1 << (i % 8));
      assertThat(siv.decrypt(tampered, "EMAIL".getBytes())).as("bit %d", i).isNull();
    }
    assertThat(siv.decrypt(sealed, "PHONE".getBytes())).isNull();
    assertThat(siv.decrypt(new byte[5], "EMAIL".getBytes())).isNull();
  }

  @Test
  void roundTripsEveryLengthAroundTheBlockSize() {
    AesSiv siv = new AesSiv(HEX.parseHex("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"));

    for (int n = 0; n <= 49; n++) {
      byte[] p = new byte[n];
      for (int i = 0; i < n; i++) {
        p[i] = (byte) (i * 7);
      }
      assertThat(siv.decrypt(siv.encrypt(p, new byte[0]), new byte[0])).as("length %d", n).isEqualTo(p);
    }
  }

  @Test
  void neverShowsTheKey() {
    AesSiv siv = new AesSiv(new byte[64]);

    String shown = siv.toString();

    assertThat(shown).isEqualTo("AesSiv{key=***}");
  }
}
