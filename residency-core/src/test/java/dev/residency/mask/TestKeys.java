package dev.residency.mask;

import java.util.Base64;

/** Fixed test secrets. */
final class TestKeys {
  static final byte[] K1 = bytes(64, 1);
  static final byte[] K2 = bytes(64, 2);
  static final byte[] K32 = bytes(32, 3);

  private TestKeys() {}

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed * 17 + 5);
    }
    return b;
  }

  static String base64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static MaskingSettings.Builder withK2() {
    return MaskingSettings.builder()
        .addKey("k2", MaskingSettings.KeySource.bytes(K2))
        .setCurrentKeyId("k2");
  }
}
