package dev.residency.mask.internal;

import dev.residency.mask.MaskingSettings;
import dev.residency.mask.MaskingSettings.KeySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token and hash keys of a masking policy, derived from the configured secrets. Internal, may
 * change without notice. Immutable and thread-safe; never exposes key material in {@link
 * #toString()}, logs or exception messages.
 *
 * <p>Each configured secret (base64 of 32 or 64 random bytes) is stretched with HKDF-SHA256 (RFC
 * 5869; salt {@code "dev.residency.mask/v1"}) into two independent keys: 64 bytes for AES-SIV-256
 * (info {@code "residency token aes-siv-256 <keyId>"}) and 32 bytes for HMAC-SHA-256 (info {@code
 * "residency hash hmac-sha256 <keyId>"}). One secret per key id is all an operator manages, and a
 * leaked hash key never helps to decrypt tokens.
 */
public final class KeyRing {
  private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");
  private static final byte[] SALT = "dev.residency.mask/v1".getBytes(StandardCharsets.US_ASCII);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  /** The key id of the per-process random key used when the policy configures none. */
  public static final String EPHEMERAL_ID = "local";

  /**
   * Stands for the process-wide random key until a token or hash needs it: SecureRandom, HKDF and
   * the JCA providers take about 0.1 s to set up, which a redact-only run (the CLI's default)
   * would pay for nothing.
   */
  private static final KeyRing EPHEMERAL = new KeyRing();

  /** The random key itself, made on first use (class initialization is lazy and thread-safe). */
  private static final class RandomKey {
    static final KeyRing RING = random();
  }

  /** The keys of one key id. */
  public static final class Key {
    private final String id;
    private final AesSiv siv;
    private final ThreadLocal<Mac> hmac;

    private Key(String id, byte[] secret) {
      this.id = id;
      byte[] sivKey = hkdf(secret, "residency token aes-siv-256 " + id, 64);
      byte[] macKey = hkdf(secret, "residency hash hmac-sha256 " + id, 32);
      this.siv = new AesSiv(sivKey);
      SecretKeySpec hmacKey = new SecretKeySpec(macKey, "HmacSHA256");
      this.hmac = ThreadLocal.withInitial(() -> {
        try {
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(hmacKey);
          return mac;
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
      });
      Arrays.fill(sivKey, (byte) 0);
      Arrays.fill(macKey, (byte) 0);
    }

    /** The key id. */
    public String id() {
      return id;
    }

    /** AES-SIV for tokens. */
    public AesSiv siv() {
      return siv;
    }

    /** HMAC-SHA-256 of {@code data} under this key's hash key. */
    public byte[] hmac(byte[] data) {
      return hmac.get().doFinal(data);
    }

    @Override
    public String toString() {
      return "Key{" + id + "}";
    }
  }

  /** {@code null} only in {@link #EPHEMERAL}, which hands over to {@link RandomKey#RING}. */
  private final Map<String, Key> keys;
  private final Key current;

  private KeyRing(Map<String, Key> keys, String currentId) {
    this.keys = Map.copyOf(keys);
    this.current = keys.get(currentId);
  }

  private KeyRing() {
    this.keys = null;
    this.current = null;
  }

  private KeyRing resolved() {
    return keys != null ? this : RandomKey.RING;
  }

  /**
   * Loads the settings' keys, or returns the process-wide random key when none are configured.
   *
   * @throws IllegalArgumentException naming the key id and variable / file (never the value) when a
   *     source is missing, unreadable, not base64 or not 32 / 64 bytes, or a key id cannot appear
   *     in tokens
   */
  public static KeyRing load(MaskingSettings settings) {
    if (settings.keys().isEmpty()) {
      return EPHEMERAL;
    }
    Map<String, Key> keys = new LinkedHashMap<>();
    for (Map.Entry<String, KeySource> e : settings.keys().entrySet()) {
      String id = e.getKey();
      if (!KEY_ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            "key id '" + id + "' must be 1-16 of A-Z a-z 0-9 _ - so that it can appear in tokens");
      }
      byte[] secret = secret(id, e.getValue());
      try {
        keys.put(id, new Key(id, secret));
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    }
    return new KeyRing(keys, settings.currentKeyId());
  }

  /** Builds a ring from raw secrets (tests, benchmarks); {@code currentId} must be among them. */
  public static KeyRing of(String currentId, Map<String, byte[]> secrets) {
    Map<String, Key> keys = new LinkedHashMap<>();
    secrets.forEach((id, s) -> keys.put(id, new Key(id, s)));
    if (!keys.containsKey(currentId)) {
      throw new IllegalArgumentException("current key '" + currentId + "' is not among " + keys.keySet());
    }
    return new KeyRing(keys, currentId);
  }

  private static KeyRing random() {
    byte[] secret = new byte[64];
    new SecureRandom().nextBytes(secret);
    try {
      return new KeyRing(Map.of(EPHEMERAL_ID, new Key(EPHEMERAL_ID, secret)), EPHEMERAL_ID);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private static byte[] secret(String id, KeySource source) {
    String where = source.type() == KeySource.Type.ENV ? "environment variable " + source.reference()
        : source.type() == KeySource.Type.FILE ? "file " + source.reference() : "bytes given in code";
    byte[] raw;
    if (source.type() == KeySource.Type.BYTES) {
      raw = source.bytes();
    } else {
      String text;
      if (source.type() == KeySource.Type.ENV) {
        text = System.getenv(source.reference());
        if (text == null || text.isBlank()) {
          throw new IllegalArgumentException("key '" + id + "': " + where + " is not set");
        }
      } else {
        try {
          text = Files.readString(Path.of(source.reference()), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
          // the exception's own message can only name the file; still, keep it out
          throw new IllegalArgumentException("key '" + id + "': cannot read " + where + " ("
              + e.getClass().getSimpleName() + ")");
        }
      }
      try {
        raw = Base64.getDecoder().decode(text.strip());
      } catch (IllegalArgumentException e) {
        // Base64's message quotes the offending character of the secret: never chain it
        throw new IllegalArgumentException("key '" + id + "': " + where + " is not valid base64");
      }
    }
    if (raw.length != 32 && raw.length != 64) {
      int n = raw.length;
      Arrays.fill(raw, (byte) 0);
      throw new IllegalArgumentException(
          "key '" + id + "': " + where + " holds " + n + " bytes; expected 32 or 64 random bytes, base64-encoded");
    }
    return raw;
  }

  /** The key that signs new tokens and hashes. */
  public Key current() {
    Key current = resolved().current;
    // Warn on first use, not on construction: a guard that never tokenizes should not warn.
    if (current.id().equals(EPHEMERAL_ID) && WARNED.compareAndSet(false, true)) {
      LOG.warn("masking: no keys configured; token and hash use a random key for the life of this process, "
          + "so tokens cannot be unmasked by another instance or after a restart (configure masking.keys)");
    }
    return current;
  }

  /** The key with {@code id}, or {@code null}. */
  public Key get(String id) {
    return resolved().keys.get(id);
  }

  static byte[] hkdf(byte[] ikm, String info, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SALT, "HmacSHA256"));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      byte[] out = new byte[length];
      byte[] t = new byte[0];
      int pos = 0;
      for (int i = 1; pos < length; i++) {
        mac.update(t);
        mac.update(info.getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) i);
        t = mac.doFinal();
        int n = Math.min(t.length, length - pos);
        System.arraycopy(t, 0, out, pos, n);
        pos += n;
      }
      Arrays.fill(prk, (byte) 0);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  @Override
  public String toString() {
    if (keys == null) {
      return "KeyRing{current=" + EPHEMERAL_ID + " (random, made on first use)}";
    }
    return "KeyRing{current=" + current.id() + ", ids=" + keys.keySet() + "}";
  }
}
