package dev.residency.mask.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-SIV (RFC 5297) deterministic authenticated encryption with the JCA only: S2V over AES-CMAC
 * (AES/ECB) and AES/CTR. Internal, may change without notice.
 *
 * <p>The key is 32, 48 or 64 bytes: the first half keys S2V/CMAC, the second half keys CTR
 * (AES-SIV-256 uses 64 bytes, i.e. two AES-256 keys). Output is {@code V || C} where {@code V} is
 * the 16-byte synthetic IV. Thread-safe: ciphers are kept per thread. Never exposes key material
 * in {@link #toString()} or exceptions.
 */
public final class AesSiv {
  private static final int BLOCK = 16;
  private static final byte[] ZERO = new byte[BLOCK];

  private final SecretKeySpec macKey;
  private final SecretKeySpec ctrKey;
  private final byte[] k1;
  private final byte[] k2;
  private final ThreadLocal<Cipher> ecb;
  private final ThreadLocal<Cipher> ctr;

  /**
   * Creates an instance for {@code key} (copied).
   *
   * @throws IllegalArgumentException when the key is not 32, 48 or 64 bytes
   */
  public AesSiv(byte[] key) {
    if (key.length != 32 && key.length != 48 && key.length != 64) {
      throw new IllegalArgumentException("AES-SIV key must be 32, 48 or 64 bytes, got " + key.length);
    }
    int half = key.length / 2;
    this.macKey = new SecretKeySpec(Arrays.copyOfRange(key, 0, half), "AES");
    this.ctrKey = new SecretKeySpec(Arrays.copyOfRange(key, half, key.length), "AES");
    this.ecb = ThreadLocal.withInitial(() -> init(Cipher.ENCRYPT_MODE, "AES/ECB/NoPadding", macKey));
    this.ctr = ThreadLocal.withInitial(() -> newCipher("AES/CTR/NoPadding"));
    // CMAC subkeys K1, K2 (RFC 4493 2.3)
    byte[] l = ecbBlock(ZERO);
    this.k1 = dbl(l);
    this.k2 = dbl(k1);
  }

  /** Encrypts {@code plaintext} bound to the associated data vectors; returns {@code V || C}. */
  public byte[] encrypt(byte[] plaintext, byte[]... associatedData) {
    byte[] v = s2v(associatedData, plaintext);
    byte[] out = new byte[BLOCK + plaintext.length];
    System.arraycopy(v, 0, out, 0, BLOCK);
    byte[] c = ctrCrypt(v, plaintext, 0, plaintext.length);
    System.arraycopy(c, 0, out, BLOCK, c.length);
    return out;
  }

  /**
   * Decrypts {@code V || C}; returns {@code null} when it does not authenticate under this key and
   * associated data (never throws for bad input).
   */
  public byte[] decrypt(byte[] sealed, byte[]... associatedData) {
    if (sealed.length < BLOCK) {
      return null;
    }
    byte[] v = Arrays.copyOfRange(sealed, 0, BLOCK);
    byte[] p = ctrCrypt(v, sealed, BLOCK, sealed.length - BLOCK);
    byte[] t = s2v(associatedData, p);
    return MessageDigest.isEqual(t, v) ? p : null;
  }

  private byte[] ctrCrypt(byte[] v, byte[] in, int off, int len) {
    byte[] q = v.clone();
    q[8] &= 0x7f;
    q[12] &= 0x7f;
    Cipher c = ctr.get();
    try {
      c.init(Cipher.ENCRYPT_MODE, ctrKey, new IvParameterSpec(q));
      return c.doFinal(in, off, len);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CTR unavailable", e);
    }
  }

  /** S2V (RFC 5297 2.4). */
  byte[] s2v(byte[][] ad, byte[] p) {
    byte[] d = cmac(ZERO, 0, BLOCK);
    for (byte[] a : ad) {
      d = xor(dbl(d), cmac(a, 0, a.length));
    }
    if (p.length >= BLOCK) {
      byte[] t = p.clone();
      int o = p.length - BLOCK;
      for (int i = 0; i < BLOCK; i++) {
        t[o + i] ^= d[i];
      }
      return cmac(t, 0, t.length);
    }
    byte[] padded = new byte[BLOCK];
    System.arraycopy(p, 0, padded, 0, p.length);
    padded[p.length] = (byte) 0x80;
    return cmac(xor(dbl(d), padded), 0, BLOCK);
  }

  /** AES-CMAC (RFC 4493). */
  byte[] cmac(byte[] m, int off, int len) {
    int n = len == 0 ? 1 : (len + BLOCK - 1) / BLOCK;
    boolean complete = len != 0 && len % BLOCK == 0;
    byte[] x = new byte[BLOCK];
    byte[] y = new byte[BLOCK];
    for (int i = 0; i < n - 1; i++) {
      for (int j = 0; j < BLOCK; j++) {
        y[j] = (byte) (x[j] ^ m[off + i * BLOCK + j]);
      }
      x = ecbBlock(y);
    }
    byte[] last = new byte[BLOCK];
    int lastOff = (n - 1) * BLOCK;
    int lastLen = len - lastOff;
    if (complete) {
      for (int j = 0; j < BLOCK; j++) {
        last[j] = (byte) (m[off + lastOff + j] ^ k1[j]);
      }
    } else {
      for (int j = 0; j < lastLen; j++) {
        last[j] = m[off + lastOff + j];
      }
      last[lastLen] = (byte) 0x80;
      for (int j = 0; j < BLOCK; j++) {
        last[j] ^= k2[j];
      }
    }
    for (int j = 0; j < BLOCK; j++) {
      y[j] = (byte) (x[j] ^ last[j]);
    }
    return ecbBlock(y);
  }

  private byte[] ecbBlock(byte[] in) {
    try {
      return ecb.get().doFinal(in);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/ECB unavailable", e);
    }
  }

  private static byte[] dbl(byte[] s) {
    byte[] r = new byte[BLOCK];
    int carry = 0;
    for (int i = BLOCK - 1; i >= 0; i--) {
      int b = s[i] & 0xff;
      r[i] = (byte) ((b << 1) | carry);
      carry = b >>> 7;
    }
    if ((s[0] & 0x80) != 0) {
      r[BLOCK - 1] ^= (byte) 0x87;
    }
    return r;
  }

  private static byte[] xor(byte[] a, byte[] b) {
    byte[] r = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      r[i] = (byte) (a[i] ^ b[i]);
    }
    return r;
  }

  private static Cipher newCipher(String transformation) {
    try {
      return Cipher.getInstance(transformation);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(transformation + " unavailable", e);
    }
  }

  private static Cipher init(int mode, String transformation, SecretKeySpec key) {
    Cipher c = newCipher(transformation);
    try {
      c.init(mode, key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(transformation + " rejected the key", e);
    }
    return c;
  }

  @Override
  public String toString() {
    return "AesSiv{key=***}";
  }
}
