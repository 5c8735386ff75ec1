package dev.residency.internal;

import dev.residency.Endpoint;
import dev.residency.EndpointKind;
import dev.residency.EndpointResolver;
import dev.residency.Location;
import dev.residency.RegionCatalog;
import java.util.Objects;

/**
 * Provider knowledge: AWS, GCP, Azure and LLM API host patterns, ARNs and model ids. Internal, may
 * change without notice. Thread-safe.
 *
 * <p>Hosts are matched on whole labels under each provider's own domain ({@link
 * HostNames#isSameOrSubdomain}), so {@code s3.eu-west-1.amazonaws.com.evil.com} and {@code
 * evilamazonaws.com} are never placed; a region code must also be in the catalog. Each rule names
 * its source in {@link AwsRules}, {@link BedrockRules}, {@link GcpRules}, {@link AzureRules} and
 * {@link LlmRules}. Returns {@link Location#unknown()} ("no answer") for anything else, and an
 * explained unknown when a provider host or resource is recognized but cannot be placed.
 */
public final class ProviderResolver implements EndpointResolver {
  private final RegionCatalog catalog;
  private final AwsRules aws;
  private final GcpRules gcp;
  private final AzureRules azure;
  private final LlmRules llm;

  public ProviderResolver(RegionCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.aws = new AwsRules(catalog);
    this.gcp = new GcpRules(catalog);
    this.azure = new AzureRules(catalog);
    this.llm = new LlmRules(catalog);
  }

  @Override
  public Location resolve(Endpoint endpoint) {
    String host = endpoint.host();
    if (host != null) {
      if (HostNames.isIpLiteral(host)) {
        return Location.unknown();
      }
      Location l = aws.resolveHost(endpoint);
      if (l == null) {
        l = gcp.resolveHost(endpoint);
      }
      if (l == null) {
        l = azure.resolveHost(endpoint);
      }
      if (l == null) {
        l = llm.resolveHost(endpoint);
      }
      return l == null ? Location.unknown() : l;
    }
    String resource = endpoint.resource();
    if (resource == null) {
      return Location.unknown();
    }
    if (resource.startsWith("arn:")) {
      Location l = aws.resolveArn(endpoint, resource);
      return l == null ? Location.unknown() : l;
    }
    if (endpoint.kind() == EndpointKind.LLM) {
      return aws.bedrockModel(resource);
    }
    return Location.unknown();
  }

  RegionCatalog catalog() {
    return catalog;
  }
}
