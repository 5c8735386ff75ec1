package dev.residency.gcs;

import com.google.cloud.TransportOptions;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.HttpStorageOptions;
import dev.residency.ResidencyGuard;
import dev.residency.gcs.internal.BucketLocations;
import dev.residency.gcs.internal.ResidencyHttpTransportOptions;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Residency checks for Google Cloud Storage (the {@code google-cloud-storage} HTTP/JSON transport):
 * every HTTP request the {@code Storage} client builds is checked before it is sent.
 *
 * <p>Per request: the endpoint host (the global {@code storage.googleapis.com} is judged by the
 * bucket's location unless {@link ResidencyGcsBuilder#setRequireRegionalEndpoint(boolean)} is set);
 * for bucket creation, the requested location; for object reads and writes (metadata, uploads,
 * downloads, copy and rewrite, with their destination), the bucket's location, read from the JSON
 * API and cached. A refusal surfaces as the client's {@code StorageException} whose cause chain
 * holds a {@link dev.residency.ResidencyViolationException}.
 *
 * <p>Immutable and thread-safe; build one per guard and share it.
 */
public final class ResidencyGcs {
  private final ResidencyGuard guard;
  private final BucketLocations locations;
  private final boolean requireRegionalEndpoint;

  ResidencyGcs(ResidencyGuard guard, ResidencyGcsBuilder b) {
    this.guard = guard;
    this.locations = new BucketLocations(b.cacheTtl, b.cacheSize, b.lookupTimeout);
    this.requireRegionalEndpoint = b.requireRegionalEndpoint;
  }

  /**
   * An instance with default settings (see {@link ResidencyGcsBuilder}).
   *
   * @param guard the guard that decides, never {@code null}
   * @return the instance
   */
  public static ResidencyGcs create(ResidencyGuard guard) {
    return builder(guard).build();
  }

  /**
   * Starts configuring an instance.
   *
   * @param guard the guard that decides, never {@code null}
   * @return a new builder
   */
  public static ResidencyGcsBuilder builder(ResidencyGuard guard) {
    return new ResidencyGcsBuilder(Objects.requireNonNull(guard, "guard"));
  }

  /**
   * Hooks the residency check into the builder's HTTP transport options, keeping its transport
   * factory, timeouts and credentials. Call it last: transport options set afterwards replace the
   * hook. The builder is built once here to read its host and transport options.
   *
   * @param builder from {@code StorageOptions.http()}, never {@code null}
   * @return the same builder, for chaining
   * @throws IllegalArgumentException when regional endpoints are required and the builder's host is
   *     the global endpoint, or when its transport options are not HTTP ones
   */
  public HttpStorageOptions.Builder wrap(HttpStorageOptions.Builder builder) {
    Objects.requireNonNull(builder, "builder");
    HttpStorageOptions current = builder.build();
    String host = URI.create(current.getHost()).getHost();
    if (requireRegionalEndpoint && host != null
        && ResidencyHttpTransportOptions.GLOBAL_HOST.equals(host.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("regional endpoints are required, but the host is the global endpoint "
          + host + "; use https://storage.REGION.rep.googleapis.com");
    }
    TransportOptions transport = current.getTransportOptions();
    if (transport instanceof ResidencyHttpTransportOptions) {
      throw new IllegalArgumentException("the builder is already wrapped");
    }
    if (!(transport instanceof HttpTransportOptions)) {
      throw new IllegalArgumentException("not HTTP transport options: " + transport.getClass().getName());
    }
    return builder.setTransportOptions(new ResidencyHttpTransportOptions(
        (HttpTransportOptions) transport, guard, locations, requireRegionalEndpoint));
  }
}
